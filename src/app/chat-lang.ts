import type { Lang } from '../domain/i18n.js';
import { readState } from '../flows/state.js';
import type { ConversationRecord, Repos } from '../ports/store.js';

/**
 * The language the desk writes in to a conversation it starts (a ticket's update, a survey, a
 * return visit): a staff member's own linked chat speaks the language of their account (an English
 * engineer who reported a fault from an inspection reads its updates in English, as the bot's
 * answers to their buttons are); anyone else's, the conversation's own.
 */
export async function chatLang(r: Repos, conversation: Pick<ConversationRecord, 'contactId' | 'state'>): Promise<Lang> {
  const staff = await r.staff.byContact(conversation.contactId);
  return staff?.lang ?? readState(conversation.state).lang;
}
