import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Checks the X-Telegram-Bot-Api-Secret-Token header in constant time: both sides are reduced to
 * an HMAC under a key made at start, so the comparison takes the same time whatever the header
 * holds and leaks neither content nor length. Without a configured secret nothing matches.
 */
export function secretMatcher(expected: string | undefined): (given: string) => boolean {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest();
  const want = expected ? digest(expected) : undefined;
  return (given) => {
    const got = digest(given);
    return want !== undefined && timingSafeEqual(got, want);
  };
}
