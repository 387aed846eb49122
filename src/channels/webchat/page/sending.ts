/**
 * Sending a message (typed, a button's answer or a photo): optimistic, retried under the same
 * clientId (so a resend counts once), and told to the user in their language when it fails.
 */
import { ApiError, isGone } from './api.js';
import { hideAlert, setInput, showAlert } from './chrome.js';
import { type Chat, type Pending, t } from './state.js';
import { refreshChoices, removePending, renderPendingStatus } from './transcript.js';

/** What to tell the user about a failed request. */
export function errorText(chat: Chat, error: unknown): string {
  const status = error instanceof ApiError ? error.status : undefined;
  if (status === 401 || status === 404) return t(chat, 'errUnauthorized');
  if (error instanceof ApiError && error.code === 'photo_quota') return t(chat, 'errPhotoQuota');
  if (status === 413) return t(chat, 'errTooLarge');
  if (status === 415) return t(chat, 'errNotImage');
  if (status === 429) return t(chat, 'errTooMany');
  if (status === 0 || status === undefined) return t(chat, 'errNetwork');
  if (status >= 500) return t(chat, 'errServer');
  return t(chat, 'errInvalid');
}

/** A fresh id for a message, kept across its retries. */
export function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `w${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Posts a pending message; on failure marks it, puts typed words back in the box and offers a retry. */
export async function deliver(chat: Chat, p: Pending): Promise<void> {
  p.status = 'sending';
  renderPendingStatus(chat, p);
  refreshChoices(chat);
  try {
    if (p.kind === 'photo') await chat.api.sendPhoto(p.clientId, p.blob);
    else await chat.api.send(p.kind === 'choice' ? { choice: p.choiceId, clientId: p.clientId } : { text: p.text, clientId: p.clientId });
    // The words put back after a failure went through on retry: nothing left to send.
    if (p.restored && p.kind !== 'photo' && chat.ui.input.value === p.text) setInput(chat, '');
    p.restored = false;
    if (!chat.pending.includes(p)) return; // the server's copy already arrived
    p.status = 'sent';
    renderPendingStatus(chat, p);
    if (chat.alertRetry?.pending === p) hideAlert(chat);
    chat.live?.wake();
  } catch (error) {
    if (!chat.pending.includes(p)) return;
    if (isGone(error)) {
      removePending(chat, p);
      if (p.kind === 'text' && chat.ui.input.value.trim() === '') setInput(chat, p.text);
      chat.actions.sessionGone(error);
      return;
    }
    failed(chat, p, error);
  }
}

function failed(chat: Chat, p: Pending, error: unknown): void {
  const status = error instanceof ApiError ? error.status : undefined;
  p.status = 'failed';
  if (p.kind === 'choice') p.button.classList.remove('chosen');
  renderPendingStatus(chat, p);
  refreshChoices(chat);
  let message = errorText(chat, error);
  if (p.kind === 'text' && (chat.ui.input.value.trim() === '' || chat.ui.input.value === p.text)) {
    setInput(chat, p.text);
    p.restored = true;
    if (status !== undefined && (status === 0 || status >= 500 || status === 429))
      message = `${message}${chat.lang === 'en' ? ' ' : ''}${t(chat, 'errNotSent')}`;
  }
  const refused = status === 413 || status === 415; // the photo itself: resending it cannot help
  showAlert(chat, message, refused ? null : { run: () => void deliver(chat, p), pending: p });
  if (refused) removePending(chat, p);
}
