/** Validation messages as a rep reads them: zod's type jargon becomes plain words. */
export function readableIssue(message: string): string {
  if (/expected \w+, received (undefined|null)/i.test(message)) return 'is required';
  const m = /^Invalid input: expected (\w+)/i.exec(message);
  if (m)
    return `must be a ${m[1] === 'boolean' ? 'yes/no value' : m[1] === 'number' ? 'number' : 'text value'}`;
  if (/^Invalid option: expected one of (.*)$/i.test(message))
    return `must be one of ${message.replace(/^Invalid option: expected one of /i, '').replace(/\|/g, ', ')}`;
  return message;
}
