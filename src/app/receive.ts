import type { InboundContent, InboundMessage } from '../domain/messages.js';
import type { Store } from './ports.js';
import type { Pipeline } from './pipeline.js';

/**
 * Makes text storable: PostgreSQL text and JSON cannot hold NUL or lone surrogates, so each
 * becomes U+FFFD (the replacement character) — the message is kept, visibly damaged, and the
 * bot answers that it could not read it.
 */
export function storableText(text: string): string {
  return text.toWellFormed().replace(/\u0000/g, '\uFFFD');
}

function storableContent(content: InboundContent): InboundContent {
  switch (content.kind) {
    case 'text':
      return { ...content, text: storableText(content.text) };
    case 'photo':
      return content.caption === undefined ? content : { ...content, caption: storableText(content.caption) };
    case 'command':
      return content.arg === undefined ? content : { ...content, arg: storableText(content.arg) };
    case 'start':
      return content.assetTag === undefined ? content : { ...content, assetTag: storableText(content.assetTag) };
    default:
      return content;
  }
}

/**
 * The entry of every channel: records the event (once; a repeat of its external id is a
 * duplicate) and schedules its conversation. When this returns, the event is committed and a
 * webhook may acknowledge it; processing continues in the background.
 */
export async function receive(store: Store, pipeline: Pick<Pipeline, 'kick' | 'counted'>, message: InboundMessage): Promise<'accepted' | 'duplicate'> {
  const [status] = await receiveMany(store, pipeline, [message]);
  return status!;
}

function storable(message: InboundMessage): InboundMessage {
  return {
    ...message,
    ...(message.displayName === undefined ? {} : { displayName: storableText(message.displayName) }),
    content: storableContent(message.content),
  };
}

/**
 * Records every event of one webhook request in one transaction (a platform batches several),
 * then schedules their conversations. Answer the platform only after this resolves; if it throws
 * (the database is down), answer 5xx so the platform delivers again.
 */
export async function receiveMany(store: Store, pipeline: Pick<Pipeline, 'kick' | 'counted'>, messages: readonly InboundMessage[]): Promise<('accepted' | 'duplicate')[]> {
  if (messages.length === 0) return [];
  const ids = await store.ingest.record(messages.map(storable));
  const kicked = new Set<string>();
  for (const [i, m] of messages.entries()) {
    const key = `${m.channel}\u0000${m.conversationKey}`;
    if (ids[i] !== null && !kicked.has(key)) {
      kicked.add(key);
      pipeline.kick(m.channel, m.conversationKey);
    }
  }
  const duplicates = ids.filter((id) => id === null).length;
  pipeline.counted(messages[0]!.channel, ids.length - duplicates, duplicates);
  return ids.map((id) => (id === null ? 'duplicate' : 'accepted'));
}
