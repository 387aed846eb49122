/** The composer: typed answers (Enter sends, Shift+Enter is a new line) and the answer buttons. */
import type { Choice, ServerMessage } from './api.js';
import { inputChanged, setInput } from './chrome.js';
import { deliver, newClientId } from './sending.js';
import type { Chat } from './state.js';
import { addPending } from './transcript.js';

export function sendText(chat: Chat): void {
  const words = chat.ui.input.value;
  if (words.trim() === '' || !chat.sessionId) return;
  setInput(chat, '');
  const failed = chat.pending.find((p) => p.status === 'failed' && p.kind === 'text' && p.text === words);
  if (failed) {
    // The same words again: resend them under the same clientId, so they count once.
    chat.pending.splice(chat.pending.indexOf(failed), 1);
    chat.pending.push(failed);
    chat.ui.list.append(failed.el);
    void deliver(chat, failed);
    return;
  }
  void deliver(chat, addPending(chat, { kind: 'text', text: words, clientId: newClientId() }));
}

/** A button of the newest question: marked as the answer at once, sent as its id. */
export function sendChoice(chat: Chat, _m: ServerMessage, choice: Choice, button: HTMLButtonElement): void {
  if (button.disabled || !chat.sessionId) return;
  button.classList.add('chosen');
  const p = addPending(chat, { kind: 'choice', text: choice.label, choiceId: choice.id, clientId: newClientId(), button });
  void deliver(chat, p);
  if (matchMedia('(pointer: fine)').matches) chat.ui.input.focus({ preventScroll: true });
}

export function wireComposer(chat: Chat): void {
  const { input, form } = chat.ui;
  input.addEventListener('input', () => inputChanged(chat));
  input.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter makes a new line; Enter that confirms an IME composition does neither.
    // keyCode 229 is how Safari marks the Enter that ends a composition (its isComposing is already false).
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- no standard property says this in Safari
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    sendText(chat);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendText(chat);
  });
}
