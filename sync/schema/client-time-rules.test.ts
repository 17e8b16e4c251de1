import { describe, expect, it } from 'vitest';
import { CLIENT_CLOCK_SKEW_MS, MAX_OFFLINE_DAYS, clientTimeIssue, happenedAtIssue } from './client-time-rules.ts';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const iso = (ms: number) => new Date(NOW + ms).toISOString();
const DAY = 86_400_000;

describe('clientTimeIssue', () => {
  it('accepts times from the skew allowance ahead to the offline bound behind', () => {
    for (const ms of [CLIENT_CLOCK_SKEW_MS, 0, -DAY, -MAX_OFFLINE_DAYS * DAY]) expect(clientTimeIssue(iso(ms), NOW)).toBeNull();
  });
  it('refuses a clock ahead of the allowance and a change older than the bound, saying why', () => {
    const ahead = iso(CLIENT_CLOCK_SKEW_MS + 60_000);
    expect(clientTimeIssue(ahead, NOW)).toBe(
      `this change is dated ${ahead}, 6 minutes ahead of the server's clock (at most 5 allowed): check this computer's date and time`,
    );
    expect(clientTimeIssue(iso(-MAX_OFFLINE_DAYS * DAY - 1000), NOW)).toContain(`more than ${MAX_OFFLINE_DAYS} days ago`);
  });
});

describe('happenedAtIssue', () => {
  it('takes any past time and refuses the future beyond the allowance', () => {
    expect(happenedAtIssue('1990-01-01T00:00:00Z', NOW)).toBeNull();
    expect(happenedAtIssue(iso(CLIENT_CLOCK_SKEW_MS), NOW)).toBeNull();
    expect(happenedAtIssue(iso(DAY), NOW)).toContain('ahead of the server');
  });
});
