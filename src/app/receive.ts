import type { InboundMessage } from '../domain/messages.js';
import type { Store } from './ports.js';
import type { ConversationProcessor } from './processor.js';

/**
 * The entry of every channel: records the event (once; a repeat of its external id is a
 * duplicate) and schedules its conversation. When this returns, the event is committed and a
 * webhook may acknowledge it; processing continues in the background.
 */
export async function receive(store: Store, processor: ConversationProcessor, message: InboundMessage): Promise<'accepted' | 'duplicate'> {
  const id = await store.read.inbound.record(message);
  if (id === null) return 'duplicate';
  void processor.kick(message.channel, message.conversationKey);
  return 'accepted';
}
