import { ConversationWriter } from '../../src/app/conversation-writer.js';
import type { Store } from '../../src/ports/store.js';
import type { ChannelName } from '../../src/domain/messages.js';
import { readState } from '../../src/flows/state.js';

/**
 * Something the bot says without the user writing first (a ticket notice, a hand-back), written
 * the way the console writes it: through the conversation's writer, queued for push channels.
 */
export async function botSays(store: Store, channel: ChannelName, conversationKey: string, text: string, now = new Date()): Promise<void> {
  await store.transaction(async (r) => {
    const conversation = await r.conversations.lock(channel, conversationKey);
    if (!conversation) throw new Error(`no conversation ${channel}:${conversationKey}`);
    const writer = new ConversationWriter(r, conversation, channel !== 'webchat', now);
    writer.outbound({ text }, { lang: readState(conversation.state).lang });
    await writer.flush();
  });
}
