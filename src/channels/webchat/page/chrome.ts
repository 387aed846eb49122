/**
 * The page's fixed parts: its language, the status line, the alert above the composer, the
 * scrolling of the list and the state of the text box and its buttons.
 */
import { save } from './storage.js';
import { type Chat, type Retry, type Status, t } from './state.js';
import { isTextKey, normLang } from './texts.js';

/** Switches the page's own words to `lang` (the conversation's language; zh-CN when unknown). */
export function setLang(chat: Chat, lang: string | undefined): void {
  const next = normLang(lang) || 'zh-CN';
  if (next === chat.lang && document.documentElement.lang === next) return;
  chat.lang = next;
  document.documentElement.lang = next;
  applyChrome(chat);
  save(chat);
}

/**
 * Writes the page's words into every element that names one: data-i18n (its text),
 * data-i18n-placeholder, data-i18n-label (aria-label and title), data-i18n-aria (aria-label)
 * and data-i18n-alt.
 */
export function applyChrome(chat: Chat): void {
  document.title = t(chat, 'title');
  const each = (attribute: string, apply: (node: HTMLElement, word: string) => void): void => {
    for (const node of document.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
      const key = node.getAttribute(attribute) ?? undefined;
      if (isTextKey(key)) apply(node, t(chat, key));
    }
  };
  each('data-i18n', (node, word) => (node.textContent = word));
  each('data-i18n-placeholder', (node, word) => node.setAttribute('placeholder', word));
  each('data-i18n-label', (node, word) => {
    node.setAttribute('aria-label', word);
    node.title = word;
  });
  each('data-i18n-aria', (node, word) => node.setAttribute('aria-label', word));
  each('data-i18n-alt', (node, word) => node.setAttribute('alt', word));
  chat.ui.list.setAttribute('aria-label', t(chat, 'log'));
  setStatus(chat, chat.status);
}

export function setStatus(chat: Chat, status: Status): void {
  chat.status = status;
  chat.ui.status.dataset.state = status;
  chat.ui.statusText.textContent = t(chat, status === 'polling' ? 'connected' : status);
}

/** Shows an error above the composer, with a Retry button when `retry` is given. */
export function showAlert(chat: Chat, message: string, retry?: Retry | null): void {
  chat.ui.alertText.textContent = message;
  chat.alertRetry = retry ?? null;
  chat.ui.alertRetry.hidden = !retry;
  chat.ui.alert.hidden = false;
  stickToBottomSoon(chat);
}

export function hideAlert(chat: Chat): void {
  chat.ui.alert.hidden = true;
  chat.ui.alertText.textContent = '';
  chat.alertRetry = null;
}

/** Scrolls to the newest message on the next frame, if the user has not scrolled up (or `force`). */
export function stickToBottomSoon(chat: Chat, force = false): void {
  if (force) chat.stick = true;
  if (!chat.stick || chat.scrollQueued) return;
  chat.scrollQueued = true;
  requestAnimationFrame(() => {
    chat.scrollQueued = false;
    chat.ui.list.scrollTop = chat.ui.list.scrollHeight;
  });
}

/** The text box grows with its text (up to 160 px), and Send is live only with words to send. */
export function inputChanged(chat: Chat): void {
  const input = chat.ui.input;
  input.style.height = 'auto';
  // An empty box is one line high, whatever its placeholder would take.
  input.style.height = input.value === '' ? '' : `${Math.min(input.scrollHeight, 160)}px`;
  updateComposer(chat);
}

export function updateComposer(chat: Chat): void {
  chat.ui.send.disabled = chat.ui.input.value.trim() === '' || !chat.sessionId;
  chat.ui.photoButton.disabled = !chat.sessionId;
}

/** Puts `words` back in the (empty) text box, or empties it. */
export function setInput(chat: Chat, words: string): void {
  chat.ui.input.value = words;
  inputChanged(chat);
}
