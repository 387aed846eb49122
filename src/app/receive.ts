import type { InboundContent, InboundMessage } from '../domain/messages.js';
import type { Store } from './ports.js';
import type { ConversationProcessor } from './processor.js';

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
export async function receive(store: Store, processor: ConversationProcessor, message: InboundMessage): Promise<'accepted' | 'duplicate'> {
  const stored: InboundMessage = {
    ...message,
    ...(message.displayName === undefined ? {} : { displayName: storableText(message.displayName) }),
    content: storableContent(message.content),
  };
  const id = await store.read.inbound.record(stored);
  if (id === null) return 'duplicate';
  void processor.kick(message.channel, message.conversationKey);
  return 'accepted';
}
