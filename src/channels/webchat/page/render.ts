/**
 * One transcript entry as the page shows it: a bubble (the agent's with a tag), its photo, its
 * answer buttons and its time. Everything the server sent is set as text, never as markup.
 */
import type { ServerMessage } from './api.js';
import { stickToBottomSoon } from './chrome.js';
import { type Chat, el, t } from './state.js';
import type { TextKey } from './texts.js';

/** "14:05" today, "3/7 14:05" on another day, in the page's language. */
export function formatTime(chat: Chat, at: string | undefined): string {
  const date = new Date(at ?? '');
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  const time = date.toLocaleTimeString(chat.lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (sameDay) return time;
  return `${date.toLocaleDateString(chat.lang, { month: 'numeric', day: 'numeric' })} ${time}`;
}

/** An element showing one of the page's words, kept in the page's language when it changes. */
export function word(chat: Chat, tag: 'span' | 'div', className: string, key: TextKey): HTMLElement {
  const node = el(tag, className, t(chat, key));
  node.dataset.i18n = key;
  return node;
}

/** Who wrote a message, for screen readers (the bubble's side and colour say it to the eye). */
export function senderLabel(chat: Chat, from: 'user' | 'bot' | 'agent'): HTMLElement {
  return word(chat, 'span', 'visually-hidden', from === 'user' ? 'you' : from);
}

export function photoElement(chat: Chat, src?: string): HTMLImageElement {
  const img = el('img', 'photo');
  img.dataset.i18nAlt = 'photoAlt';
  img.alt = t(chat, 'photoAlt');
  img.decoding = 'async';
  img.addEventListener('load', () => stickToBottomSoon(chat));
  if (src) img.src = src;
  return img;
}

/** Fetches a transcript photo with the session token and shows it through a blob URL. */
async function loadPhoto(chat: Chat, url: string, img: HTMLImageElement): Promise<void> {
  try {
    const objectUrl = URL.createObjectURL(await chat.api.photo(url));
    chat.objectUrls.push(objectUrl);
    img.src = objectUrl;
  } catch {
    img.replaceWith(word(chat, 'span', 'photo-broken', 'photoBroken'));
  }
}

export function senderOf(m: ServerMessage): 'user' | 'bot' | 'agent' {
  return m.from === 'user' || m.from === 'agent' ? m.from : 'bot';
}

/** The row for a server entry; `localPhotoUrl` is this page's copy of a photo it just sent. */
export function renderMessage(chat: Chat, m: ServerMessage, localPhotoUrl?: string): HTMLElement {
  const from = senderOf(m);
  const row = el('div', `msg msg-${from}`);
  row.dataset.seq = String(m.seq);
  const bubble = el('div', 'bubble');
  bubble.append(from === 'agent' ? word(chat, 'span', 'tag pill', 'agent') : senderLabel(chat, from));
  const words = typeof m.text === 'string' ? m.text : '';
  if (words !== '') bubble.append(el('div', 'text', words));
  if (m.photo) {
    const img = photoElement(chat, localPhotoUrl);
    bubble.append(img);
    if (!localPhotoUrl) void loadPhoto(chat, m.photo, img);
  }
  if (words === '' && !m.photo) bubble.append(word(chat, 'div', 'text text-empty', 'empty'));
  row.append(bubble);
  const choices = m.choices ?? [];
  if (choices.length > 0) {
    const group = el('div', 'choices');
    group.setAttribute('role', 'group');
    group.dataset.i18nAria = 'options';
    group.setAttribute('aria-label', t(chat, 'options'));
    for (const choice of choices) {
      const button = el('button', 'choice', choice.label);
      button.type = 'button';
      button.dataset.choice = choice.id;
      button.addEventListener('click', () => chat.actions.choose(m, choice, button));
      group.append(button);
    }
    row.append(group);
  }
  const time = el('time', 'time', formatTime(chat, m.at));
  time.dateTime = m.at ?? '';
  row.append(time);
  return row;
}
