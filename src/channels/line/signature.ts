import { createHmac, timingSafeEqual } from 'node:crypto';

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
