/**
 * The web chat page (/chat), where teachers report faults from a browser; built by Vite into
 * dist-web/ (vite.config.ts). Plain typed DOM modules: the page is one fixed shell
 * (page/index.html) and a list that only grows, so there is nothing for a framework to do.
 * The Content-Security-Policy forbids inline scripts and styles: every message is built with DOM
 * calls and set as text, and the looks come from classes in the stylesheets below.
 */
import '../../../ui/base.css';
import '../../../ui/controls.css';
import '../../../ui/badges.css';
import './chat.css';
import './messages.css';
import { ChatApi } from './api.js';
import { hideAlert, stickToBottomSoon, updateComposer } from './chrome.js';
import { sendChoice, wireComposer } from './composer.js';
import { wirePhotos } from './photos.js';
import { deliver } from './sending.js';
import { boot, newChat, sessionGone } from './sessions.js';
import { type Chat, findUi } from './state.js';
import { wireLiveWakeUps } from './stream.js';

function createChat(): Chat {
  const chat: Chat = {
    ui: findUi(),
    api: new ChatApi(() => chat),
    actions: {
      deliver: (p) => deliver(chat, p),
      choose: (m, choice, button) => sendChoice(chat, m, choice, button),
      sessionGone: (error) => sessionGone(chat, error),
    },
    lang: 'zh-CN',
    sessionId: '',
    token: '',
    lastSeq: 0,
    shown: new Map(),
    order: [],
    pending: [],
    objectUrls: [],
    stick: true,
    scrollQueued: false,
    status: 'connecting',
    live: null,
    alertRetry: null,
    starting: false,
  };
  return chat;
}

function wire(chat: Chat): void {
  const { ui } = chat;
  wireComposer(chat);
  wirePhotos(chat);
  wireLiveWakeUps(chat);
  ui.list.addEventListener('scroll', () => {
    chat.stick = ui.list.scrollHeight - ui.list.scrollTop - ui.list.clientHeight < 80;
  });
  window.addEventListener('resize', () => stickToBottomSoon(chat));
  ui.newChat.addEventListener('click', () => void newChat(chat));
  ui.alertClose.addEventListener('click', () => hideAlert(chat));
  ui.alertRetry.addEventListener('click', () => {
    const retry = chat.alertRetry;
    hideAlert(chat);
    retry?.run();
  });
}

const chat = createChat();
wire(chat);
updateComposer(chat);
void boot(chat);
