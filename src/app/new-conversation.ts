import { DEFAULT_LANG } from '../domain/i18n.js';
import type { ChannelName, InboundMessage } from '../domain/messages.js';
import { initialState } from '../flows/state.js';
import type { ContactRecord, ConversationRecord, Repos } from '../ports/store.js';
import { openLanguage } from './first-language.js';

/**
 * Creates a chat's conversation (or finds the one another turn just created): its contact is its first sender's; a chat
 * begun anonymously gets one of its own. Returns it with its contact, unless that contact is not the one just identified.
 */
export async function createConversation(
  repos: Repos,
  channel: ChannelName,
  conversationKey: string,
  m: InboundMessage,
): Promise<{ conversation: ConversationRecord; contact: ContactRecord } | null> {
  const lang = m.langHint ?? DEFAULT_LANG;
  if (m.anonymous) {
    await repos.conversations.create(channel, conversationKey, await repos.contacts.createUnlinked(lang), openLanguage(initialState(lang)));
    return null;
  }
  const contact = await repos.contacts.identify(channel, m.userId, m.displayName, lang);
  const conversation = await repos.conversations.create(channel, conversationKey, contact.id, openLanguage(initialState(contact.lang)));
  return conversation.contactId === contact.id ? { conversation, contact } : null;
}
