/**
 * The server decides every shape: pure tests of the definitions, of which
 * query parameters survive from a client, and of the upstream URL.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, TABLE_NAMES } from '../../schema/tables.ts';
import { generationUuid, parseShapeQuery, quoteColumns, shapeDefinition, upstreamShapeUrl } from './shape-definition.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';

describe('shape definitions', () => {
  it('confine every replicated table to the workspace and carry the resync generation', () => {
    for (const table of TABLE_NAMES.filter((t) => t !== 'users')) {
      const def = shapeDefinition(table, WS, '0');
      expect(def.table).toBe(table);
      expect(def.columns).toEqual(columnsOf(table));
      expect(def.params).toEqual([WS, '00000000-0000-0000-0000-000000000000']);
      expect(def.where).toContain('$1');
      expect(def.where).toMatch(/ AND (id|workspace_id) <> \$2$/);
    }
    expect(shapeDefinition('contacts', WS, '0').where).toBe(`workspace_id = $1 AND workspace_id <> $2`);
    expect(shapeDefinition('workspaces', WS, '0').where).toBe(`id = $1 AND id <> $2`);
    expect(shapeDefinition('users', WS, '0', ['u1', 'u2']).params).toEqual(['00000000-0000-0000-0000-000000000000', 'u1', 'u2']);
    expect(shapeDefinition('users', WS, '0', ['u1', 'u2']).where).toBe(
      `id <> $1 AND id IN ($2, $3)`,
    );
    expect(shapeDefinition('users', WS, '0').columns).not.toContain('password_hash');
  });

  it('differ only in $2 after a forced resync, so the new generation is a new shape', () => {
    const before = shapeDefinition('interactions', WS, '0');
    const after = shapeDefinition('interactions', WS, '1767225600123');
    expect(after.where).toBe(before.where);
    expect(after.params).toEqual([WS, generationUuid('1767225600123')]);
    expect(after.params[1]).not.toBe(before.params[1]);
  });
});

describe('what a client may set', () => {
  it('keeps the table and the protocol parameters, drops everything else', () => {
    const { table, protocol } = parseShapeQuery({
      table: 'contacts', offset: '26800584_4', handle: 'abc-123', live: 'true', cursor: '1234', log: 'full',
      'cache-buster': '1700-abc', expired_handle: 'old-1',
      where: '1=1) OR (1=1', columns: '"password_hash"', 'params[1]': 'other-workspace', replica: 'full',
      secret: 'guess', subset__where: 'true', subset__params: '{}', custom: 'x',
    });
    expect(table).toBe('contacts');
    expect(protocol).toEqual({
      offset: '26800584_4', handle: 'abc-123', live: 'true', cursor: '1234', log: 'full', 'cache-buster': '1700-abc', expired_handle: 'old-1',
    });
  });

  it('refuses tables that are not replicated and malformed protocol values', () => {
    for (const table of ['devices', 'user_credentials', 'public.contacts', 'contacts;--', '', undefined]) {
      expect(() => parseShapeQuery({ table, offset: '-1' })).toThrow();
    }
    expect(() => parseShapeQuery({ table: 'contacts', offset: "0_0' OR 1=1" })).toThrow(/offset/);
    expect(() => parseShapeQuery({ table: 'contacts', offset: '3_1' })).toThrow(/handle/);
    expect(() => parseShapeQuery({ table: 'contacts', offset: '-1', handle: 'a b' })).toThrow(/handle/);
    expect(() => parseShapeQuery({ table: 'contacts', offset: ['-1', '0_0'] })).toThrow(/offset/);
    expect(parseShapeQuery({ table: 'contacts', offset: 'now' }).protocol).toEqual({ offset: 'now' });
  });
});

describe('the upstream URL', () => {
  it("carries the server's definition, the protocol parameters and the secret, nothing of the client's own", () => {
    const { table, protocol } = parseShapeQuery({
      table: 'organizations', offset: '-1', where: '1=1) OR (1=1', columns: '*', 'params[1]': 'x', secret: 'client',
    });
    const url = upstreamShapeUrl('http://electric.internal:3000/', shapeDefinition(table, WS, '0'), protocol, 's3cret');
    expect(url.origin + url.pathname).toBe('http://electric.internal:3000/v1/shape');
    expect([...url.searchParams.keys()]).toEqual(['columns', 'offset', 'params[1]', 'params[2]', 'secret', 'table', 'where']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      table: 'organizations',
      where: `workspace_id = $1 AND workspace_id <> $2`,
      'params[1]': WS,
      'params[2]': '00000000-0000-0000-0000-000000000000',
      columns: quoteColumns(columnsOf('organizations')),
      offset: '-1',
      secret: 's3cret',
    });
  });

  it('keeps a base path and quotes columns as Electric expects', () => {
    const url = upstreamShapeUrl('https://cdn.example/electric', shapeDefinition('users', WS, '9'), { offset: '-1' });
    expect(url.pathname).toBe('/electric/v1/shape');
    expect(url.searchParams.get('secret')).toBeNull();
    expect(quoteColumns(['id', 'has"quote', 'a,b'])).toBe('"id","has""quote","a,b"');
  });
});
