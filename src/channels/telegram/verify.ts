import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HeaderReader, Verdict } from '../../ports/channel-module.js';

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

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

/**
 * Telegram's verify: the X-Telegram-Bot-Api-Secret-Token header against TELEGRAM_WEBHOOK_SECRET
 * (read from the headers alone, so it runs before the body is read). Without a configured secret
 * the webhook accepts nothing (403); a missing header is 401, a wrong one 403.
 */
export function telegramVerifier(secret: string | undefined): (headers: HeaderReader) => Verdict {
  const matches = secretMatcher(secret);
  return (headers) => {
    if (!secret)
      return {
        ok: false,
        status: 403,
        error: 'webhook_disabled',
        reason: 'TELEGRAM_WEBHOOK_SECRET is not set, so this webhook accepts nothing',
      };
    const given = headers.get(SECRET_HEADER);
    if (given === null) return { ok: false, status: 401, error: 'missing_secret', reason: `the ${SECRET_HEADER} header is missing` };
    if (!matches(given)) return { ok: false, status: 403, error: 'bad_secret', reason: `the ${SECRET_HEADER} header does not match` };
    return { ok: true };
  };
}
