import type { InboundContent, InboundMessage } from '../domain/messages.js';
import { isStorableText, storable } from '../domain/storable.js';
import type { Received } from '../ports/channel-module.js';
import type { Recording, Store } from '../ports/store.js';
import type { BackgroundWork } from '../ports/background-work.js';

/** Fields that name something exactly (the event, the chat, the sender, the reply): a replaced character would name another. */
const IDENTIFIERS = ['externalId', 'conversationKey', 'userId', 'replyToken'] as const;

/**
 * An event made storable by the one rule (src/domain/storable.ts). An identifier that breaks the
 * rule makes the event unusable: it is recorded as rejected, with the reason, and never processed.
 * A photo reference that breaks it is dropped: the photo counts as one that could not be fetched,
 * and the user is asked to send it again.
 */
function storableEvent(message: InboundMessage): Recording {
  const bad = IDENTIFIERS.filter((field) => {
    const value = message[field];
    return value !== undefined && !isStorableText(value);
  });
  const content = message.content;
  const clean = storable(
    content.kind === 'photo' && content.media !== undefined && !isStorableText(content.media)
      ? { ...message, content: withoutMedia(content) }
      : message,
  );
  return bad.length === 0 ? clean : { ...clean, rejected: `the event's ${bad.join(', ')} holds a NUL or a lone surrogate` };
}

function withoutMedia(content: InboundContent & { kind: 'photo' }): InboundContent {
  const { media: _media, ...rest } = content;
  return rest;
}

/**
 * The entry of every channel: records the event (once; a repeat of its external id is a
 * duplicate) and schedules its conversation. When this returns, the event is committed and a
 * webhook may acknowledge it; the turn over it is taken by the background work.
 */
export async function receive(
  store: Store,
  background: Pick<BackgroundWork, 'kick' | 'counted'>,
  message: InboundMessage,
): Promise<Received> {
  const [status] = await receiveMany(store, background, [message]);
  if (status === undefined) throw new Error('recording an event gave no status');
  return status;
}

/**
 * Records every event of one webhook request in one transaction (a platform batches several),
 * then schedules their conversations. Answer the platform only after this resolves; if it throws
 * (the database is down), answer 5xx so the platform delivers again. An event that cannot be used
 * is recorded as rejected and acknowledged like the others: the platform would otherwise deliver
 * it (and the good events of its batch) forever.
 */
export async function receiveMany(
  store: Store,
  background: Pick<BackgroundWork, 'kick' | 'counted'>,
  messages: readonly InboundMessage[],
): Promise<Received[]> {
  const first = messages[0];
  if (!first) return [];
  const events = messages.map(storableEvent);
  const ids = await store.ingest.record(events);
  const kicked = new Set<string>();
  for (const [i, m] of events.entries()) {
    const key = `${m.channel}\u0000${m.conversationKey}`;
    if (ids[i] !== null && !m.rejected && !kicked.has(key)) {
      kicked.add(key);
      background.kick(m.channel, m.conversationKey);
    }
  }
  const duplicates = ids.filter((id) => id === null).length;
  background.counted(first.channel, ids.length - duplicates, duplicates);
  return ids.map((id, i) => (id === null ? 'duplicate' : events[i]?.rejected ? 'rejected' : 'accepted'));
}
