import { describe, expect, it } from 'vitest';
import { AUDIT_LOG, TABLES } from '../../schema/index.ts';
import {
  canonicalDate,
  canonicalTimestamp,
  fromSqlValue,
  parsePgTextArray,
  storedTimestamp,
  timestampDaySql,
  timestampText,
  toSqlValue,
} from './sql-types.ts';
import Database from 'better-sqlite3';
import { uuidv7, uuidv7Time } from './uuidv7.ts';

describe('values between PostgreSQL, JavaScript and SQLite', () => {
  it('writes every timestamp form in one canonical UTC text that sorts like time', () => {
    const forms = [
      '2026-03-02 10:00:00.123456+00',
      '2026-03-02T10:00:00.123456Z',
      '2026-03-02T12:00:00.123456+02:00',
      '2026-03-02T05:00:00.123456-0500',
    ];
    for (const f of forms) expect(canonicalTimestamp(f)).toBe('2026-03-02T10:00:00.123456Z');
    expect(canonicalTimestamp(new Date('2026-03-02T10:00:00.5Z'))).toBe(
      '2026-03-02T10:00:00.500000Z',
    );
    expect(canonicalTimestamp('2026-03-02 23:30:00-01')).toBe('2026-03-03T00:30:00.000000Z');
    expect(canonicalTimestamp('infinity')).toBe('infinity');
    expect(
      canonicalTimestamp('2026-03-02T10:00:00.000009Z') >
        canonicalTimestamp('2026-03-02T10:00:00Z'),
    ).toBe(true);
  });

  it('stores timestamps as integer microseconds that sort like time and read back as the canonical text', () => {
    const forms = [
      '2026-03-02 10:00:00.123456+00',
      '2026-03-02 10:00:00.12345+00',
      '2026-03-02T10:00:00.123456Z',
      '2026-03-02T12:00:00.123456+02:00',
    ];
    for (const f of forms) expect(timestampText(storedTimestamp(f))).toBe(canonicalTimestamp(f));
    expect(storedTimestamp('2026-03-02 10:00:00+00')).toBe(Date.UTC(2026, 2, 2, 10) * 1000);
    expect(storedTimestamp(new Date('2026-03-02T10:00:00.5Z'))).toBe(
      Date.UTC(2026, 2, 2, 10) * 1000 + 500_000,
    );
    expect(storedTimestamp('1969-12-31T23:59:59.999999Z')).toBe(-1);
    expect(timestampText(-1)).toBe('1969-12-31T23:59:59.999999Z');
    // Unreadable or beyond exact JavaScript integers: the canonical text, sorted after every integer.
    expect(storedTimestamp('infinity')).toBe('infinity');
    expect(storedTimestamp('2300-01-01 00:00:00+00')).toBe('2300-01-01T00:00:00.000000Z');
    // Every instant of a random sample, both ways, and in time order.
    const texts = Array.from({ length: 2000 }, (_, i) => {
      const ms = Math.round(Math.sin(i) * 4e12);
      return `${new Date(ms).toISOString().slice(0, 23)}${String(i % 1000).padStart(3, '0')}Z`;
    });
    const stored = texts.map((t) => storedTimestamp(t) as number);
    expect(stored.map(timestampText)).toEqual(texts);
    const byText = texts.map((_, i) => i).sort((a, b) => (texts[a]! < texts[b]! ? -1 : 1));
    const byStored = texts.map((_, i) => i).sort((a, b) => stored[a]! - stored[b]!);
    expect(byStored).toEqual(byText);
    const c = TABLES.interactions.columns;
    expect(toSqlValue(c.interaction_date, '2026-03-02T10:00:00Z')).toBe(
      Date.UTC(2026, 2, 2, 10) * 1000,
    );
    expect(fromSqlValue(c.interaction_date, Date.UTC(2026, 2, 2, 10) * 1000)).toBe(
      '2026-03-02T10:00:00.000000Z',
    );
    // The UTC day in SQL, as substr(text, 1, 10) gave it.
    // (stored in an INTEGER column first: a JavaScript number is bound as a REAL.)
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    const day = (v: unknown) => {
      db.exec('DELETE FROM t');
      db.prepare('INSERT INTO t VALUES (?)').run(v);
      return (db.prepare(`SELECT ${timestampDaySql('v')} AS d FROM t`).get() as { d: string }).d;
    };
    for (const t of [
      '2026-03-02T23:59:59.999999Z',
      '1969-12-31T23:59:59.999999Z',
      '2026-03-03T00:00:00.000000Z',
    ])
      expect(day(storedTimestamp(t))).toBe(t.slice(0, 10));
    expect(day('infinity')).toBe('infinity');
    db.close();
  });

  it('maps each column type once', () => {
    const c = TABLES.interactions.columns;
    expect(toSqlValue(c.follow_up_required, true)).toBe(1);
    expect(toSqlValue(c.follow_up_required, 'f')).toBe(0);
    expect(toSqlValue(c.follow_up_date, new Date(2026, 2, 2))).toBe('2026-03-02');
    expect(canonicalDate('2026-03-02T00:00:00Z')).toBe('2026-03-02');
    // audit_log is no longer replicated, but its column types (text[], jsonb, bigint) are the ones to try.
    const a = AUDIT_LOG.columns;
    expect(toSqlValue(a.changed_fields, '{name,"two words",NULL}')).toBe(
      '["name","two words",null]',
    );
    expect(toSqlValue(a.changed_fields, ['x'])).toBe('["x"]');
    expect(toSqlValue(a.new_values, { n: 1 })).toBe('{"n":1}');
    expect(toSqlValue(a.transaction_id, '9007199254740993')).toBe(9007199254740993n);
    expect(toSqlValue(a.transaction_id, 42n)).toBe(42);
    expect(fromSqlValue(a.changed_fields, '["a"]')).toEqual(['a']);
    expect(fromSqlValue(c.follow_up_required, 1)).toBe(true);
    expect(parsePgTextArray('{}')).toEqual([]);
    expect(parsePgTextArray('{"a\\"b",c}')).toEqual(['a"b', 'c']);
  });
});

describe('uuidv7', () => {
  it('makes version-7 ids that sort by creation, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_760_000_000_000));
    expect(
      ids.every((id) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
      ),
    ).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7Time(uuidv7(1_760_000_000_123 + 10_000))).toBeGreaterThanOrEqual(
      1_760_000_010_123,
    );
  });
});
