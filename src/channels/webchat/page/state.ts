/**
 * What the page knows while it runs: the elements it drives, the session, the transcript shown
 * and the messages on their way. One Chat is made by main.ts and handed to every module.
 */
import type { ChatApi, Choice, ServerMessage } from './api.js';
import { type Lang, type TextKey, text } from './texts.js';

/** The fixed elements of page/index.html. */
export interface Ui {
  readonly list: HTMLElement;
  readonly status: HTMLElement;
  readonly statusText: HTMLElement;
  readonly newChat: HTMLButtonElement;
  readonly alert: HTMLElement;
  readonly alertText: HTMLElement;
  readonly alertRetry: HTMLButtonElement;
  readonly alertClose: HTMLButtonElement;
  readonly form: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  readonly send: HTMLButtonElement;
  readonly photoButton: HTMLButtonElement;
  readonly photoInput: HTMLInputElement;
}

/** What the status line says: 'polling' reads as connected (the page keeps up either way). */
export type Status = 'connecting' | 'connected' | 'polling' | 'reconnecting' | 'offline';

/** A transcript entry on the page. */
export interface Shown {
  readonly m: ServerMessage;
  readonly el: HTMLElement;
}

interface PendingBase {
  readonly clientId: string;
  status: 'sending' | 'sent' | 'failed';
  /** Its bubble and the line under it that says how it is going. */
  el: HTMLElement;
  statusEl: HTMLElement;
  /** Its words were put back in the box after a failure. */
  restored: boolean;
}

export interface PendingText extends PendingBase {
  readonly kind: 'text';
  readonly text: string;
}

export interface PendingChoice extends PendingBase {
  readonly kind: 'choice';
  /** The button's label, which the server's copy of the answer carries as its text. */
  readonly text: string;
  readonly choiceId: string;
  readonly button: HTMLButtonElement;
}

export interface PendingPhoto extends PendingBase {
  readonly kind: 'photo';
  readonly blob: Blob;
  /** Its object URL, shown until the server's copy arrives (and then kept for it). */
  readonly url: string;
}

/** A message sent from this page that the server's transcript has not echoed yet. */
export type Pending = PendingText | PendingChoice | PendingPhoto;

/** What the alert's Retry button does; `pending` when it resends that message. */
export interface Retry {
  readonly run: () => void;
  readonly pending?: Pending;
}

/** The live updates of one session (stream.ts). */
export interface LiveLink {
  /** Ends its wait now (a message was sent, the network is back, the tab is visible again). */
  wake(): void;
  stop(): void;
}

/** What the modules ask of each other without importing each other (main.ts supplies them). */
export interface Actions {
  /** Sends (or resends) a message on its way. */
  deliver(p: Pending): Promise<void>;
  /** A button of the newest question was pressed. */
  choose(m: ServerMessage, choice: Choice, button: HTMLButtonElement): void;
  /** The server no longer knows the session. */
  sessionGone(error: unknown): void;
}

export interface Chat {
  readonly ui: Ui;
  readonly api: ChatApi;
  readonly actions: Actions;
  lang: Lang;
  sessionId: string;
  token: string;
  lastSeq: number;
  /** seq → the entry shown for it */
  readonly shown: Map<number, Shown>;
  /** The seqs shown, in order. */
  order: number[];
  pending: Pending[];
  objectUrls: string[];
  /** Whether the list follows new messages (the user has not scrolled up). */
  stick: boolean;
  /** A scroll to the bottom is planned for the next frame. */
  scrollQueued: boolean;
  status: Status;
  live: LiveLink | null;
  alertRetry: Retry | null;
  /** A session is being started (New chat pressed, or an expired one renewed). */
  starting: boolean;
}

/** The page's word for `key` in the conversation's language. */
export function t(chat: Chat, key: TextKey): string {
  return text(chat.lang, key);
}

/** The element with this id, of this type (the page's markup is fixed: a missing one is a bug). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`web chat: #${id} is missing from the page`);
  return node;
}

export function findUi(): Ui {
  return {
    list: byId('messages', HTMLElement),
    status: byId('status', HTMLElement),
    statusText: byId('status-text', HTMLElement),
    newChat: byId('new-chat', HTMLButtonElement),
    alert: byId('alert', HTMLElement),
    alertText: byId('alert-text', HTMLElement),
    alertRetry: byId('alert-retry', HTMLButtonElement),
    alertClose: byId('alert-close', HTMLButtonElement),
    form: byId('composer', HTMLFormElement),
    input: byId('input', HTMLTextAreaElement),
    send: byId('send', HTMLButtonElement),
    photoButton: byId('photo-button', HTMLButtonElement),
    photoInput: byId('photo-input', HTMLInputElement),
  };
}

/** A new element with a class and text (always text: nothing the server sends is read as markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, content?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}
