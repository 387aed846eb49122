import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repos, Store } from '../../ports/store.js';
import type { WebchatBrowser } from '../../ports/webchat.js';
import { openLanguage } from '../../app/first-language.js';
import { DEFAULT_PHOTO_QUOTA, type PhotoQuota, photoRefusal, refusalMessage } from '../../domain/photo-quota.js';
import type { BackgroundWork } from '../../ports/background-work.js';
import { receive, receiveMany } from '../../app/receive.js';
import { openingEvent, sessionEvent } from './decode.js';
import { encode, type WebMessage } from './encode.js';
import type { Received } from '../../ports/channel-module.js';
import { DEFAULT_LANG, isLang, type Lang } from '../../domain/i18n.js';
import type { InboundMessage, PhotoRefusal } from '../../domain/messages.js';
import type { BlobStore } from '../../ports/blob-store.js';
import { initialState, readState } from '../../flows/state.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const sha256hex = (text: string) => sha256(text).toString('hex');
/** A fresh random id (sessions; events the page sent without a clientId). */
export const newId = () => randomBytes(16).toString('base64url');
/** A secret the browser keeps (a session's token, a contact token): 256 random bits. */
const newSecret = () => randomBytes(32).toString('base64url');
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a web chat session lives (WEBCHAT_SESSION_IDLE_DAYS, WEBCHAT_SESSION_MAX_DAYS). */
export interface SessionLifetime {
  readonly idleDays: number;
  readonly maxDays: number;
}

const DEFAULT_LIFETIME: SessionLifetime = { idleDays: 30, maxDays: 180 };
const DEFAULT_CONTACT_DAYS = 180;

/** When a session ends: after `idleDays` without a message either way, or `maxDays` after it began. */
function sessionEndsAt(createdAt: Date, lastActiveAt: Date, lifetime: SessionLifetime): Date {
  return new Date(Math.min(createdAt.getTime() + lifetime.maxDays * DAY_MS, lastActiveAt.getTime() + lifetime.idleDays * DAY_MS));
}

/** A photo the session may not keep (over its conversation's or the desk's photo limit): 413. */
export class PhotoRefused extends Error {
  constructor(
    readonly refusal: PhotoRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'PhotoRefused';
  }
}

/** Whether a browser's token opens the session, and until when. */
export type SessionCheck =
  { readonly status: 'ok'; readonly endsAt: Date } | { readonly status: 'unknown' } | { readonly status: 'expired' };

/**
 * The web chat's sessions and storage: sessions held by a browser, events recorded, photos kept
 * within their limits, the transcript read out (as encode shows it). verify.ts, decode.ts and
 * encode.ts are its codec, as for every channel.
 */
export class WebchatService {
  constructor(
    private readonly store: Store,
    private readonly background: Pick<BackgroundWork, 'kick' | 'counted'>,
    private readonly blobs: BlobStore,
    private readonly clock: () => Date,
    limits: { readonly lifetime?: SessionLifetime; readonly photos?: PhotoQuota; readonly contactDays?: number } = {},
  ) {
    this.lifetime = limits.lifetime ?? DEFAULT_LIFETIME;
    this.photos = limits.photos ?? DEFAULT_PHOTO_QUOTA;
    this.contactDays = limits.contactDays ?? DEFAULT_CONTACT_DAYS;
  }

  /** How long a browser's contact token lasts after its last use (WEBCHAT_CONTACT_DAYS). */
  readonly contactDays: number;

  /** How long sessions live (WEBCHAT_SESSION_*). */
  readonly lifetime: SessionLifetime;
  /** How many bytes of photos are kept (PHOTOS_MAX_MB_*). */
  readonly photos: PhotoQuota;

  /**
   * Opens a session; the bot greets it, or starts a report when a device tag is given. The
   * browser's contact token (`contactToken`) makes it the same person as the browser's earlier
   * sessions (their name, place and tickets); a missing, wrong or lapsed token gets a new contact
   * and a new token. The language: `lang` (chosen: ?lang=), else the known contact's, else the
   * browser's (`hint`); only a chosen one is fixed, else the first message's script may set it.
   */
  async createSession(options: {
    lang?: Lang;
    hint?: Lang;
    assetTag?: string;
    contactToken?: string;
  }): Promise<{ sessionId: string; token: string; contactToken: string }> {
    const sessionId = newId();
    const token = newSecret();
    const now = this.clock();
    const created = await this.store.transaction(async (r) => {
      const known = await this.knownBrowser(r, options.contactToken, now);
      const contactToken = known && options.contactToken ? options.contactToken : newSecret();
      const browserId = known?.id ?? (await r.webchat.createBrowser(sha256hex(contactToken), now));
      const lang = options.lang ?? known?.contactLang ?? options.hint ?? DEFAULT_LANG;
      const state = options.lang ? initialState(lang) : openLanguage(initialState(lang));
      await r.webchat.createSession({
        sessionId,
        secretHash: sha256hex(token),
        browserId,
        ...(known?.contactId ? { contactId: known.contactId } : {}),
        lang,
        langChosen: options.lang !== undefined,
        initialState: state,
        now,
      });
      return { contactToken, lang };
    });
    await receive(this.store, this.background, openingEvent(sessionId, created.lang, options.assetTag, now));
    return { sessionId, token, contactToken: created.contactToken };
  }

  /** The browser a contact token names, unless the token is malformed, unknown or has lapsed (then forgotten). */
  private async knownBrowser(r: Repos, contactToken: string | undefined, now: Date): Promise<WebchatBrowser | null> {
    if (!contactToken || !SECRET.test(contactToken)) return null;
    const browser = await r.webchat.browser(sha256hex(contactToken));
    if (!browser) return null;
    const lapsed = browser.lastUsedAt.getTime() + this.contactDays * DAY_MS <= now.getTime();
    if (lapsed || !browser.contactId) {
      await r.webchat.dropBrowser(browser.id);
      return null;
    }
    await r.webchat.touchBrowser(browser.id, now);
    return browser;
  }

  /**
   * Whether the token opens the session (constant-time comparison of hashes), and whether the
   * session has ended (idle or too old: the browser starts a new one).
   */
  async authenticate(sessionId: string, token: string): Promise<SessionCheck> {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(sessionId) || token.length > 200) return { status: 'unknown' };
    const stored = await this.store.read.webchat.session(sessionId);
    if (!stored) return { status: 'unknown' };
    const expected = Buffer.from(stored.secretHash, 'hex');
    const actual = sha256(token);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { status: 'unknown' };
    const endsAt = sessionEndsAt(stored.createdAt, stored.lastActiveAt, this.lifetime);
    return endsAt.getTime() <= this.clock().getTime() ? { status: 'expired' } : { status: 'ok', endsAt };
  }

  /** The service's clock (injected in tests). */
  now(): Date {
    return this.clock();
  }

  /** Records the events web chat's decode made of a request (once each: a retried `clientId` is a duplicate). */
  async receive(events: readonly InboundMessage[]): Promise<Received[]> {
    return receiveMany(this.store, this.background, events);
  }

  /** Throws PhotoRefused when a photo of `size` bytes would pass a photo limit; returns the conversation's id. */
  async photoRoom(sessionId: string, size: number): Promise<string | null> {
    const usage = await this.store.read.attachments.usage('webchat', sessionId);
    const refusal = photoRefusal(usage, size, this.photos);
    if (refusal) throw new PhotoRefused(refusal, refusalMessage(refusal, this.photos));
    return usage.conversationId;
  }

  async postPhoto(sessionId: string, bytes: Uint8Array, mime: string, clientId?: string): Promise<Received> {
    await this.photoRoom(sessionId, bytes.length);
    const { key, sha256: digest } = await this.blobs.put(bytes);
    // Checked again as it is recorded: parallel uploads cannot pass the limits together.
    const kept = await this.store.read.attachments.createWithin(
      { channel: 'webchat', conversationKey: sessionId, mime, size: bytes.length, sha256: digest, storageKey: key },
      this.photos,
    );
    if ('refused' in kept) throw new PhotoRefused(kept.refused, refusalMessage(kept.refused, this.photos));
    return receive(
      this.store,
      this.background,
      sessionEvent(sessionId, clientId ?? newId(), { kind: 'photo', attachmentId: kept.id }, this.clock()),
    );
  }

  /** The conversation's language and its messages after `after`. */
  async messages(sessionId: string, after: number, limit = 200): Promise<{ lang: Lang; messages: WebMessage[] }> {
    const conversation = await this.store.read.webchat.conversation(sessionId);
    if (!conversation) return { lang: DEFAULT_LANG, messages: [] };
    const state = readState(conversation.state);
    const entries = await this.store.read.messages.after(conversation.id, after, limit);
    return { lang: isLang(state.lang) ? state.lang : DEFAULT_LANG, messages: entries.flatMap((entry) => encode({ sessionId, entry })) };
  }

  async conversationId(sessionId: string): Promise<string | null> {
    return (await this.store.read.webchat.conversation(sessionId))?.id ?? null;
  }

  async attachment(sessionId: string, attachmentId: string): Promise<{ bytes: Uint8Array; mime: string } | null> {
    const owned = await this.store.read.webchat.ownsAttachment(sessionId, attachmentId);
    const bytes = owned ? await this.blobs.get(owned.storageKey) : null;
    return owned && bytes ? { bytes, mime: owned.mime } : null;
  }
}
