/**
 * The path of a request, decoded without ever throwing: a malformed `%` escape
 * or a NUL byte is the client's mistake (400), not the dev host's.
 */
import { Refusal } from './http-answers.ts';

const badPath = (message: string) => new Refusal(400, { code: 'bad_path', message, field: 'path' });

/**
 * The raw path of the request target, query and fragment dropped. Only the
 * origin form (`/path?query`) is accepted: absolute URLs and `*` would name
 * another host or no resource, and a dev host has no use for them.
 */
export function requestPath(rawUrl: string | undefined): string {
  const target = rawUrl ?? '';
  if (!target.startsWith('/')) throw badPath('the request target must be a path starting with /');
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** decodeURIComponent that answers 400 instead of throwing on `%E0%A4%A` or `%`. */
export function decodePathPart(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw badPath('the path has a malformed % escape');
  }
  if (decoded.includes('\0')) throw badPath('the path contains a NUL byte');
  return decoded;
}
