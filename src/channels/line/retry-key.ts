import { createHash } from 'node:crypto';
import type { OutboxItem } from '../../ports/outbox.js';

/** The namespace of fixline's LINE retry keys (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2a8e4b7d4c1f9a3e5d0b8c7f2e61', 'hex');

/** A name-based UUID (RFC 9562 version 5): the same name always gives the same UUID. */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  // A SHA-1 digest has 20 bytes, so bytes 6 and 8 exist: the version and the variant go there.
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x50, 6);
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The `X-Line-Retry-Key` of a push carrying these outbox messages (and, for a message too long for
 * one call, which part). Derived from the messages' ids and creation times, so a retry of the same
 * push has the same key (LINE answers 409 instead of showing it twice), while two databases that
 * happen to send through one channel (staging and production) do not collide.
 */
export function pushRetryKey(items: readonly Pick<OutboxItem, 'id' | 'createdAt'>[], part = 0): string {
  return uuidV5(`line-push:${items.map((i) => `${i.id}@${i.createdAt.getTime()}`).join(',')}#${part}`);
}
