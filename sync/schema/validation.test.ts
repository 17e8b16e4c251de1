import { describe, expect, it } from 'vitest';
import { crossFieldIssues, insertSchema, rowSchema, updateSchema } from './validation.ts';

const ids = {
  a: '0193a8c4-6b1e-7c3a-9f00-000000000001',
  ws: '0193a8c4-6b1e-7c3a-9f00-0000000000ff',
};

describe('zod schemas from the table descriptions', () => {
  it('accepts a minimal organization and fills nothing the database defaults', () => {
    const parsed = insertSchema('organizations').parse({ id: ids.a, workspace_id: ids.ws, name: 'Saucy Foods' });
    expect(parsed).toEqual({ id: ids.a, workspace_id: ids.ws, name: 'Saucy Foods' });
  });

  it('refuses server-kept columns, unknown columns and bad formats with field paths', () => {
    const result = insertSchema('contacts').safeParse({
      id: ids.a,
      workspace_id: ids.ws,
      last_name: 'Chef',
      email: 'not-an-email',
      last_interaction_at: '2026-01-01T00:00:00Z',
      favourite_colour: 'blue',
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}:${i.code}`);
    expect(issues).toContain('email:invalid_format');
    expect(issues.some((i) => i.startsWith(':unrecognized_keys'))).toBe(true);
    expect(JSON.stringify(result.error!.issues)).toContain('last_interaction_at');
  });

  it('lets an update carry only changed, updatable fields', () => {
    expect(updateSchema('opportunities').parse({ stage: 'Demo Scheduled' })).toEqual({ stage: 'Demo Scheduled' });
    expect(updateSchema('opportunities').safeParse({ stage: 'Won big' }).success).toBe(false);
    expect(updateSchema('opportunities').safeParse({ workspace_id: ids.ws }).success).toBe(false);
    expect(updateSchema('opportunities').safeParse({}).success).toBe(false);
  });

  it('validates whole rows with nullability', () => {
    const row = rowSchema('products').safeParse({ id: ids.a, name: 'x' });
    expect(row.success).toBe(false);
  });

  it('mirrors the cross-column checks of the database', () => {
    expect(crossFieldIssues('interactions', { follow_up_required: false, follow_up_date: '2026-01-02', contact_id: ids.a }))
      .toEqual([{ field: 'follow_up_date', message: 'a follow-up date needs "follow-up required"' }]);
    expect(crossFieldIssues('interactions', { follow_up_required: false })).toHaveLength(1);
    expect(crossFieldIssues('contacts', { first_name: ' ', last_name: null })).toHaveLength(1);
    expect(crossFieldIssues('opportunities', { organization_id: ids.a, distributor_id: ids.a })).toHaveLength(1);
    expect(crossFieldIssues('organizations', { name: 'ok' })).toEqual([]);
  });

  it('builds each table schema once: the server validates every pushed mutation with it', () => {
    expect(insertSchema('interactions')).toBe(insertSchema('interactions'));
    expect(updateSchema('interactions')).toBe(updateSchema('interactions'));
    expect(rowSchema('contacts')).toBe(rowSchema('contacts'));
    expect(insertSchema('contacts')).not.toBe(insertSchema('organizations'));
    // A parse leaves the shared schema as it was: the next one still refuses what it refused.
    expect(insertSchema('contacts').safeParse({ id: ids.a, workspace_id: ids.ws, email: 'x' }).success).toBe(false);
    expect(insertSchema('contacts').safeParse({ id: ids.a, workspace_id: ids.ws, last_name: 'Chef' }).success).toBe(true);
  });
});

describe('labels only the server writes', () => {
  const link = { id: ids.a, workspace_id: ids.ws, interaction_id: ids.a, principal_id: ids.a };

  it("refuses a client's derived interaction link, naming the field and the labels it may send", () => {
    const result = insertSchema('interaction_principals').safeParse({ ...link, source: 'derived' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({ path: ['source'], message: "must be 'chosen' or 'removed' (derived is the server's)" }),
    ]);
  });

  it('takes chosen and removed links, and the default', () => {
    expect(insertSchema('interaction_principals').safeParse({ ...link, source: 'chosen' }).success).toBe(true);
    expect(insertSchema('interaction_principals').safeParse({ ...link, source: 'removed' }).success).toBe(true);
    expect(insertSchema('interaction_principals').safeParse(link).success).toBe(true);
  });

  it('still reads a derived row as the server replicates it', () => {
    const row = {
      ...link,
      source: 'derived',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      created_by: null,
      updated_by: null,
      deleted_at: null,
    };
    expect(rowSchema('interaction_principals').safeParse(row).error?.issues ?? []).toEqual([]);
  });
});
