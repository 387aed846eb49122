import type { Lang } from '../domain/i18n.js';

/** A browser known by its contact token: the contact its sessions share, and when it was last used. */
export interface WebchatBrowser {
  readonly id: string;
  /** Its oldest session's contact (links move sessions, so this follows them); null when none is left. */
  readonly contactId: string | null;
  readonly contactLang: Lang | null;
  /** The later of its last new session and its sessions' last message. */
  readonly lastUsedAt: Date;
}

/** A new web chat session: with the browser's contact, or (contactId absent) a new contact. */
export interface NewWebchatSession {
  readonly sessionId: string;
  readonly secretHash: string;
  readonly browserId: string;
  readonly contactId?: string;
  readonly lang: Lang;
  /** The language was chosen (?lang=): a known contact's language becomes it. */
  readonly langChosen: boolean;
  readonly initialState: unknown;
  readonly now: Date;
}

export interface WebchatRepo {
  /** The browser whose contact token hashes to `secretHash`. */
  browser(secretHash: string): Promise<WebchatBrowser | null>;
  /** Records a browser's new contact token (its hash); returns the browser's id. */
  createBrowser(secretHash: string, now: Date): Promise<string>;
  /** A browser opened a session with its token. */
  touchBrowser(id: string, now: Date): Promise<void>;
  /** A lapsed token is forgotten: its sessions stay, no new one joins them. */
  dropBrowser(id: string): Promise<void>;
  /** Creates the identity and the conversation of a new session, and its contact when it has none. */
  createSession(session: NewWebchatSession): Promise<void>;
  /** The session's token hash, when it began, and its last activity (its conversation's last message). */
  session(sessionId: string): Promise<{ readonly secretHash: string; readonly createdAt: Date; readonly lastActiveAt: Date } | null>;
  conversation(sessionId: string): Promise<{ readonly id: string; readonly state: unknown } | null>;
  /** Whether the attachment belongs to the session's conversation. */
  ownsAttachment(sessionId: string, attachmentId: string): Promise<{ storageKey: string; mime: string } | null>;
}
