/**
 * The conversation's session: resumed from localStorage on a reload, started afresh (with the
 * ?asset= of a QR sticker and the ?lang= of a link), renewed by itself when it has expired, and
 * replaced by New chat. Every session is opened with the browser's contact token: the same person.
 */
import { ApiError, isGone } from './api.js';
import { hideAlert, setLang, setStatus, showAlert, updateComposer } from './chrome.js';
import { errorText } from './sending.js';
import { type Chat, t } from './state.js';
import { type Saved, cleanUrl, forget, loadContactToken, loadSaved, save, saveContactToken } from './storage.js';
import { fetchNew, startLive, stopLive } from './stream.js';
import { normLang } from './texts.js';

const isExpired = (error: unknown): boolean => error instanceof ApiError && error.code === 'session_expired';

function clearConversation(chat: Chat): void {
  stopLive(chat);
  hideAlert(chat);
  for (const url of chat.objectUrls) URL.revokeObjectURL(url);
  chat.objectUrls = [];
  chat.shown.clear();
  chat.order = [];
  chat.pending = [];
  chat.lastSeq = 0;
  chat.stick = true;
  chat.ui.list.textContent = '';
}

/** The browser's languages, best first (the server's hint when no language is chosen). */
const browserLanguages = (): string[] => (navigator.languages.length > 0 ? [...navigator.languages] : [navigator.language]).slice(0, 20);

interface StartOptions {
  /** Chosen (?lang=): the conversation keeps it; otherwise the person's or the browser's, or the first message's. */
  readonly lang?: string | undefined;
  readonly asset?: string | undefined;
}

/** Opens a new session; on failure says so with a Retry. Resolves whether it started. */
async function startSession(chat: Chat, options: StartOptions): Promise<boolean> {
  clearConversation(chat);
  setStatus(chat, 'connecting');
  chat.sessionId = '';
  chat.token = '';
  updateComposer(chat);
  try {
    const contactToken = loadContactToken();
    const created = await chat.api.createSession({
      ...(options.lang ? { lang: options.lang } : { languages: browserLanguages() }),
      ...(options.asset ? { asset: options.asset } : {}),
      ...(contactToken ? { contactToken } : {}),
    });
    if (created.contactToken && created.contactToken !== contactToken) saveContactToken(created.contactToken);
    chat.sessionId = created.sessionId;
    chat.token = created.token;
    if (options.lang) setLang(chat, options.lang);
    save(chat);
    cleanUrl();
    updateComposer(chat);
    startLive(chat);
    return true;
  } catch (error) {
    setStatus(chat, 'offline');
    const message = error instanceof ApiError && error.status === 429 ? t(chat, 'errTooMany') : t(chat, 'errStart');
    showAlert(chat, message, { run: () => void startSession(chat, options) });
    return false;
  }
}

/** Shows a saved session's transcript and follows it; 'gone' or 'expired' when the server has ended it. */
async function resumeSession(chat: Chat, saved: Saved): Promise<'ok' | 'gone' | 'expired' | 'failed'> {
  clearConversation(chat);
  setStatus(chat, 'connecting');
  chat.sessionId = saved.sessionId;
  chat.token = saved.token;
  updateComposer(chat);
  try {
    await fetchNew(chat);
  } catch (error) {
    if (isExpired(error)) return 'expired';
    if (isGone(error)) return 'gone';
    setStatus(chat, 'offline');
    showAlert(chat, errorText(chat, error), { run: () => void boot(chat) });
    return 'failed';
  }
  save(chat);
  cleanUrl();
  startLive(chat);
  return 'ok';
}

/** New chat: forgets this conversation and starts another, the same person (in their language). */
export async function newChat(chat: Chat): Promise<void> {
  if (chat.starting) return;
  chat.starting = true;
  chat.ui.newChat.disabled = true;
  try {
    forget();
    await startSession(chat, {});
    if (matchMedia('(pointer: fine)').matches) chat.ui.input.focus({ preventScroll: true });
  } finally {
    chat.starting = false;
    chat.ui.newChat.disabled = false;
  }
}

/** The server has ended the session: an expired one is renewed at once; otherwise the user is told. */
export function sessionGone(chat: Chat, error: unknown): void {
  stopLive(chat);
  if (isExpired(error)) {
    // The session ended (idle or old): start a new one at once; what was typed stays in the box.
    void renewExpired(chat);
    return;
  }
  setStatus(chat, 'offline');
  showAlert(chat, t(chat, 'errUnauthorized'), { run: () => void newChat(chat) });
}

async function renewExpired(chat: Chat): Promise<void> {
  if (chat.starting) return;
  chat.starting = true;
  try {
    forget();
    if (await startSession(chat, {})) showAlert(chat, t(chat, chat.ui.input.value.trim() ? 'errExpiredKept' : 'errExpired'));
  } finally {
    chat.starting = false;
  }
}

/** Opening the page: continue the saved conversation unless the link asks for another. */
export async function boot(chat: Chat): Promise<void> {
  hideAlert(chat);
  const params = new URLSearchParams(location.search);
  const asset = (params.get('asset') ?? '').trim().slice(0, 64);
  const langParam = normLang(params.get('lang'));
  const saved = loadSaved();
  setLang(chat, langParam || saved?.lang || browserLanguages().map(normLang).find(Boolean) || 'zh-CN');
  const reuse = saved && !asset && (!langParam || normLang(saved.lang) === langParam);
  if (saved && reuse) {
    const result = await resumeSession(chat, saved);
    if (result !== 'gone' && result !== 'expired') return;
    forget();
    if (result === 'expired') {
      if (await startSession(chat, { lang: langParam || undefined })) showAlert(chat, t(chat, 'errExpired'));
      return;
    }
  }
  await startSession(chat, { lang: langParam || undefined, asset: asset || undefined });
}
