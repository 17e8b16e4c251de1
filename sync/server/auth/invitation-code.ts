/**
 * Invitation codes: what an admin hands a person to join a workspace. Readable
 * once and typed easily: four groups of four letters and digits (~95 bits),
 * so a plain sha256 is enough to store and look one up (no slow hash needed:
 * nobody can guess 95 random bits, unlike a password people choose).
 */
import { createHash, randomBytes } from 'node:crypto';

export function newInvitationCode(): string {
  const raw = randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return raw.match(/.{4}/g)!.join('-');
}

/** The stored form; surrounding spaces from a copy and paste do not matter. */
export function hashInvitationCode(code: string): Buffer {
  return createHash('sha256').update(code.trim(), 'utf8').digest();
}
