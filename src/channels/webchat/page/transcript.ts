/**
 * The conversation on the page: the server's entries in order, once each, and the messages this
 * page sent shown at once as pending bubbles until the server's copy takes their place.
 */
import type { ServerMessage } from './api.js';
import { hideAlert, setInput, setLang, stickToBottomSoon } from './chrome.js';
import { photoElement, renderMessage, senderLabel, word } from './render.js';
import { type Chat, el, type Pending, t } from './state.js';

const firstPendingElement = (chat: Chat): HTMLElement | null => chat.pending[0]?.el ?? null;

/** Shows a server entry in its place (unless shown already), replacing the pending bubble it stands for. */
export function addServerMessage(chat: Chat, m: ServerMessage): void {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the entry is the server's JSON, typed but not validated: a malformed one is skipped, not drawn
  if (typeof m !== 'object' || m === null || typeof m.seq !== 'number' || chat.shown.has(m.seq)) return;
  if (m.lang) setLang(chat, m.lang);
  const claimed = m.from === 'user' ? claimPending(chat, m) : null;
  const row = renderMessage(chat, m, claimed?.kind === 'photo' ? claimed.url : undefined);
  if (m.seq > chat.lastSeq) {
    chat.ui.list.insertBefore(row, firstPendingElement(chat));
    chat.order.push(m.seq);
    chat.lastSeq = m.seq;
  } else {
    // An older entry arriving late (rare): put it in its place.
    const index = chat.order.findIndex((s) => s > m.seq);
    const next = index < 0 ? undefined : chat.order[index];
    const before = next === undefined ? firstPendingElement(chat) : (chat.shown.get(next)?.el ?? null);
    chat.ui.list.insertBefore(row, before);
    chat.order.splice(index < 0 ? chat.order.length : index, 0, m.seq);
  }
  chat.shown.set(m.seq, { m, el: row });
  if (claimed) claimed.el.remove();
  if (m.from === 'user') markChosen(chat, m);
  refreshChoices(chat);
  stickToBottomSoon(chat, claimed !== null);
}

/** Shows which button of the question before a user's answer was the answer. */
function markChosen(chat: Chat, m: ServerMessage): void {
  const index = chat.order.indexOf(m.seq);
  const seq = index > 0 ? chat.order[index - 1] : undefined;
  const previous = seq === undefined ? undefined : chat.shown.get(seq);
  if (!previous || !Array.isArray(previous.m.choices)) return;
  for (const button of previous.el.querySelectorAll('.choice')) {
    if (button.textContent === m.text) button.classList.add('chosen');
  }
}

/**
 * Only the buttons of the newest bot question are live; older ones stay visible but disabled,
 * as do the newest ones once the user has answered (or is answering) them.
 */
export function refreshChoices(chat: Chat): void {
  let active: HTMLElement | null = null;
  for (let i = chat.order.length - 1; i >= 0; i--) {
    const seq = chat.order[i];
    const entry = seq === undefined ? undefined : chat.shown.get(seq);
    if (!entry || entry.m.from === 'user') break;
    if (entry.m.from === 'bot') {
      if (Array.isArray(entry.m.choices) && entry.m.choices.length) active = entry.el;
      break;
    }
  }
  if (active && chat.pending.some((p) => p.status !== 'failed')) active = null;
  for (const button of chat.ui.list.querySelectorAll<HTMLButtonElement>('.choice')) {
    button.disabled = !active?.contains(button);
  }
}

type Fields = 'el' | 'statusEl' | 'status' | 'restored';
type DraftOf<P> = P extends Pending ? Omit<P, Fields> : never;
/** A message to send, before it has a bubble. */
export type Draft = DraftOf<Pending>;

/** Shows a message being sent as a pending bubble at the end of the list. */
export function addPending(chat: Chat, draft: Draft): Pending {
  const row = el('div', 'msg msg-user msg-pending');
  const bubble = el('div', 'bubble');
  bubble.append(senderLabel(chat, 'user'));
  if (draft.kind === 'photo') bubble.append(photoElement(chat, draft.url));
  else bubble.append(el('div', 'text', draft.text));
  const statusEl = el('div', 'pending-status');
  row.append(bubble, statusEl);
  const p: Pending = { ...draft, el: row, statusEl, status: 'sending', restored: false };
  chat.pending.push(p);
  chat.ui.list.append(row);
  renderPendingStatus(chat, p);
  refreshChoices(chat);
  stickToBottomSoon(chat, true);
  return p;
}

/** "Sending…", or "Not sent" with a Retry link. */
export function renderPendingStatus(chat: Chat, p: Pending): void {
  p.el.classList.toggle('msg-failed', p.status === 'failed');
  p.statusEl.textContent = '';
  if (p.status === 'sending') p.statusEl.append(word(chat, 'span', 'pending-text', 'sending'));
  if (p.status === 'failed') {
    const retry = el('button', 'link-button', t(chat, 'retry'));
    retry.dataset.i18n = 'retry';
    retry.type = 'button';
    retry.addEventListener('click', () => void chat.actions.deliver(p));
    p.statusEl.append(word(chat, 'span', 'pending-text', 'failed'), retry);
  }
}

export function removePending(chat: Chat, p: Pending): void {
  const index = chat.pending.indexOf(p);
  if (index >= 0) chat.pending.splice(index, 1);
  if (p.el.isConnected) p.el.remove();
  if (chat.alertRetry?.pending === p) hideAlert(chat);
}

/** Finds the pending bubble a server user entry stands for, and takes it off the pending list. */
function claimPending(chat: Chat, m: ServerMessage): Pending | null {
  const words = m.text ?? '';
  const same = (p: Pending): boolean =>
    p.kind === 'photo' ? Boolean(m.photo) : !m.photo && (p.kind === 'choice' ? words === p.text : words.trim() === p.text.trim());
  const p = chat.pending.find(same) ?? chat.pending.find((q) => q.status === 'sent' && (q.kind === 'photo') === Boolean(m.photo));
  if (!p) return null;
  chat.pending.splice(chat.pending.indexOf(p), 1);
  if (p.restored && p.kind !== 'photo' && chat.ui.input.value === p.text) setInput(chat, ''); // it did arrive after all: nothing to resend
  if (chat.alertRetry?.pending === p) hideAlert(chat);
  return p;
}
