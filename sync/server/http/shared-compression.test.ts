import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESS_THRESHOLD_BYTES } from './compression.ts';
import { CompressedBodies, negotiateEncoding } from './shared-compression.ts';

/** A live answer's shape: a change row and the up-to-date control, well above the threshold. */
const answer = (n: number) =>
  `[{"key":"\\"public\\".\\"organizations\\"/\\"${n}\\"","value":{"notes":"${'Serves brunch on weekends. '.repeat(60)}"},"headers":{"operation":"insert"}},{"headers":{"control":"up-to-date"}}]`;

describe('negotiateEncoding', () => {
  it("picks what the plugin picks: highest q, ties to br then gzip; '*' and x-gzip are gzip", () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(negotiateEncoding('BR;q=0.9, gzip;q=0.8')).toBe('br');
    expect(negotiateEncoding('*')).toBe('gzip');
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
  });

  it('answers identity (undefined) when nothing we speak is accepted', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('')).toBeUndefined();
    expect(negotiateEncoding('compress')).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(negotiateEncoding('identity')).toBeUndefined();
  });
});

describe('CompressedBodies', () => {
  it('compresses an answer once and hands the same bytes to every later request for it', () => {
    const bodies = new CompressedBodies();
    const body = answer(1);
    const first = bodies.get(body, 'br')!;
    expect(brotliDecompressSync(first).toString('utf8')).toBe(body);
    expect(first.length).toBeLessThan(Buffer.byteLength(body) / 4);
    // A new string with the same text (each response builds its own) finds the same Buffer.
    expect(bodies.get(answer(1), 'br')).toBe(first);
    const gz = bodies.get(body, 'gzip')!;
    expect(gunzipSync(gz).toString('utf8')).toBe(body);
    expect(bodies.size).toBe(2);
  });

  it('leaves answers below the threshold and above its ceiling to the plugin', () => {
    const bodies = new CompressedBodies(1024 * 1024, 8 * 1024);
    expect(bodies.get('[{"headers":{"control":"up-to-date"}}]', 'br')).toBeUndefined();
    expect(bodies.get('x'.repeat(COMPRESS_THRESHOLD_BYTES - 1), 'br')).toBeUndefined();
    expect(bodies.get('x'.repeat(8 * 1024 + 1), 'br')).toBeUndefined();
    expect(bodies.get('x'.repeat(COMPRESS_THRESHOLD_BYTES), 'br')).toBeInstanceOf(Buffer);
    expect(bodies.size).toBe(1);
  });

  it('stays within its byte budget, dropping the least recently used answer first', () => {
    const one = answer(1);
    const bodies = new CompressedBodies(3 * (one.length + 200));
    const kept = bodies.get(one, 'br');
    bodies.get(answer(2), 'br');
    bodies.get(one, 'br'); // used again: now the most recent
    for (let n = 3; n < 8; n++) bodies.get(answer(n), 'br');
    expect(bodies.size).toBeLessThanOrEqual(3);
    expect(bodies.get(answer(7), 'br')).toBe(bodies.get(answer(7), 'br'));
    // answer(1) was pushed out by newer ones: compressed again, a different Buffer with the same bytes.
    const again = bodies.get(one, 'br')!;
    expect(again).not.toBe(kept);
    expect(again.equals(kept!)).toBe(true);
  });
});
