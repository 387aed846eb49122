/**
 * What the page keeps in localStorage: the session, so that a reload continues the conversation;
 * and the contact token, so that every session this browser opens is the same person (it outlives
 * the sessions; it is sent only in the body that opens one, never in a URL).
 */
import type { Chat } from './state.js';

const STORAGE_KEY = 'fixline.webchat.session';
const CONTACT_KEY = 'fixline.webchat.contact';

export interface Saved {
  readonly sessionId: string;
  readonly token: string;
  readonly lang?: string;
}

export function loadSaved(): Saved | null {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof saved === 'object' && saved !== null && 'sessionId' in saved && 'token' in saved) {
      const { sessionId, token } = saved;
      const lang = 'lang' in saved && typeof saved.lang === 'string' ? saved.lang : undefined;
      if (typeof sessionId === 'string' && typeof token === 'string') return { sessionId, token, ...(lang === undefined ? {} : { lang }) };
    }
  } catch {
    // storage disabled or damaged: start afresh
  }
  return null;
}

export function save(chat: Chat): void {
  if (!chat.sessionId) return;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ sessionId: chat.sessionId, token: chat.token, lang: chat.lang }));
  } catch {
    // private mode without storage: the conversation just won't survive a reload
  }
}

export function forget(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing to do
  }
}

/** Removes ?asset= and ?lang= once used, so a reload continues the conversation. */
export function cleanUrl(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('asset') && !url.searchParams.has('lang')) return;
  url.searchParams.delete('asset');
  url.searchParams.delete('lang');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** The browser's contact token, when it has one. */
export function loadContactToken(): string | undefined {
  try {
    const token = localStorage.getItem(CONTACT_KEY);
    return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

export function saveContactToken(token: string): void {
  try {
    localStorage.setItem(CONTACT_KEY, token);
  } catch {
    // private mode without storage: each session is a new person, as before
  }
}
