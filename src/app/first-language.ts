import type { InboundContent } from '../domain/messages.js';
import { scriptLanguage } from '../domain/script-language.js';
import type { ConversationState } from '../flows/state.js';

/**
 * A new conversation's language, settled by the teacher's first message: while it is open (nobody
 * chose it: no ?lang=, no language command), the first thing the teacher sends closes it, and a
 * typed text written mostly in Chinese or in Latin words sets it (see scriptLanguage). Openings
 * (start, unblocked) leave it open; a pressed button or a command closes it as it is. Pure.
 *
 * @example settleLanguage({ ...initialState('zh-CN'), langOpen: true }, { kind: 'text', text: "the panel won't turn on" }).lang // 'en'
 */
export function settleLanguage(state: ConversationState, content: InboundContent): ConversationState {
  if (!state.langOpen) return state;
  if (content.kind === 'start' || content.kind === 'unblocked' || content.kind === 'blocked') return state;
  const settled = { ...state };
  delete settled.langOpen;
  const text = content.kind === 'text' ? content.text : content.kind === 'photo' ? content.caption : undefined;
  const lang = text === undefined ? undefined : scriptLanguage(text);
  return lang ? { ...settled, lang } : settled;
}

/** A new conversation's first state, its language not chosen yet (the first message may set it). */
export function openLanguage(state: ConversationState): ConversationState {
  return { ...state, langOpen: true };
}
