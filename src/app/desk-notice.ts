import type { Lang } from '../domain/i18n.js';
import type { Reply } from '../flows/input.js';
import { asksAfterNotice } from '../flows/busy.js';
import { askAgain } from '../flows/engine.js';
import type { FlowSet } from '../flows/flow-set.js';
import { readState, type ConversationState } from '../flows/state.js';
import type { ConversationWriter } from './conversation-writer.js';

/** A notice the desk starts itself, when the channel may send it (a teacher's quiet hours), and buttons of its own. */
export interface DeskNotice {
  readonly text: string;
  readonly notBefore: Date;
  readonly choices?: Reply['choices'];
}

/**
 * Writes notices the desk starts itself (the ticket resolved, an engineer assigned or on the way, a
 * visit booked, an override) into a teacher's conversation — every such notice goes through here.
 * A notice never waits for the teacher's report, but it pushes the report's question aside (on
 * LINE its quick replies vanish under any later message): when the bot holds the conversation and
 * the teacher is in the middle of a report that has not lapsed (asksAfterNotice), the open question
 * follows the notice again, with the same text and buttons as when it was asked (the engine's
 * askAgain, as after a survey's answer). Notices that all wait for the teacher's quiet hours on a
 * push channel change nothing on the teacher's screen now, and when they go the question may long
 * be answered: nothing is asked again then. (The web chat reads its transcript, where a notice
 * shows at once: the question follows it at once.) A notice with buttons of its own (a link's
 * "undo", which its text also says how to reach by typing) keeps the last word: its buttons are
 * its point, and nothing follows it. Returns the state to store with the question,
 * or undefined when it was not asked.
 */
export function writeDeskNotices(
  writer: ConversationWriter,
  flowSet: FlowSet,
  notices: readonly DeskNotice[],
  now: Date,
): ConversationState | undefined {
  const state = readState(writer.conversation.state);
  const lang: Lang = state.lang;
  for (const notice of notices) {
    writer.outbound({ text: notice.text, ...(notice.choices ? { choices: notice.choices } : {}) }, { lang, notBefore: notice.notBefore });
  }
  if (notices.length === 0 || notices.some((n) => n.choices?.length)) return undefined;
  if (!asksAfterNotice(writer.conversation, state, flowSet.settings, now)) return undefined;
  const goesNow = !writer.push || notices.some((n) => n.notBefore <= now);
  if (!goesNow) return undefined;
  const again = askAgain(flowSet, state, now);
  if (again.replies.length === 0) return undefined;
  for (const reply of again.replies) writer.outbound(reply, { lang });
  return again.state;
}
