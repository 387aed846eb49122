import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HeaderReader, RawBody, Verdict } from '../../ports/channel-module.js';

/** The signature LINE puts in `X-Line-Signature`: base64(HMAC-SHA256(channel secret, raw body)). */
export function lineSignature(body: Uint8Array, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/**
 * Whether `header` is the signature of exactly these body bytes. Compared as the base64 text, in
 * constant time over its length (the length of a right signature, 44, is no secret); a missing,
 * short, long or non-base64 header is simply false, never an exception.
 */
export function verifyLineSignature(body: Uint8Array, channelSecret: string, header: string | null | undefined): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  const expected = Buffer.from(lineSignature(body, channelSecret), 'utf8');
  const given = Buffer.from(header, 'utf8');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

/**
 * LINE's verify: `X-Line-Signature` over the exact body bytes with the channel secret (so it runs
 * once the body is read, before it is parsed or anything stored). Missing or wrong: 401.
 */
export function lineVerifier(channelSecret: string): (headers: HeaderReader, raw: RawBody) => Verdict {
  return (headers, raw) => {
    const signature = headers.get('x-line-signature');
    if (!signature) return { ok: false, status: 401, error: 'missing_signature', reason: 'the X-Line-Signature header is missing' };
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (!verifyLineSignature(bytes, channelSecret, signature)) {
      return {
        ok: false,
        status: 401,
        error: 'bad_signature',
        reason: 'the X-Line-Signature header does not match the body and the channel secret',
      };
    }
    return { ok: true };
  };
}
