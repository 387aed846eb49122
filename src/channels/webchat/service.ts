import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../app/ports.js';
import type { Pipeline } from '../../app/pipeline.js';
import { type Received, receive } from '../../app/receive.js';
import { DEFAULT_LANG, isLang, type Lang } from '../../domain/i18n.js';
import type { InboundContent, InboundMessage } from '../../domain/messages.js';
import type { BlobStore } from '../../files/blob-store.js';
import { initialState, readState } from '../../flows/state.js';

/** A transcript entry as the web chat shows it. */
export interface WebMessage {
  readonly seq: number;
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly choices?: readonly { id: string; label: string }[];
  readonly photo?: string;
  readonly at: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const newId = () => randomBytes(16).toString('base64url');

/** The web chat channel: sessions held by a browser, messages in, the transcript out. */
export class WebchatService {
  constructor(
    private readonly store: Store,
    private readonly pipeline: Pick<Pipeline, 'kick' | 'counted'>,
    private readonly blobs: BlobStore,
    private readonly clock: () => Date,
  ) {}

  /** Opens a session; the bot greets it at once, or starts a report when a device tag is given. */
  async createSession(options: { lang?: Lang; assetTag?: string }): Promise<{ sessionId: string; token: string }> {
    const sessionId = newId();
    const token = randomBytes(32).toString('base64url');
    const lang = options.lang ?? DEFAULT_LANG;
    await this.store.transaction((r) => r.webchat.createSession(sessionId, sha256(token).toString('hex'), lang, initialState(lang)));
    await this.accept(sessionId, `${sessionId}:start`, options.assetTag ? { kind: 'start', assetTag: options.assetTag } : { kind: 'start' }, lang);
    return { sessionId, token };
  }

  /** Whether the token opens the session (constant-time comparison of hashes). */
  async authenticate(sessionId: string, token: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(sessionId) || token.length > 200) return false;
    const stored = await this.store.read.webchat.secretHash(sessionId);
    if (!stored) return false;
    const expected = Buffer.from(stored, 'hex');
    const actual = sha256(token);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /**
   * Records a message from the browser; `clientId` makes a retried send count once. `address` is
   * where it came from (kept with the event: wrong link codes are limited per address).
   */
  async post(sessionId: string, content: InboundContent, clientId?: string, address?: string): Promise<Received> {
    return this.accept(sessionId, clientId ? `${sessionId}:${clientId}` : `${sessionId}:${newId()}`, content, undefined, address);
  }

  async postPhoto(sessionId: string, bytes: Uint8Array, mime: string, clientId?: string): Promise<Received> {
    const conversation = await this.store.read.webchat.conversation(sessionId);
    const { key, sha256: digest } = await this.blobs.put(bytes);
    const attachmentId = await this.store.read.attachments.create({ conversationId: conversation?.id ?? null, mime, size: bytes.length, sha256: digest, storageKey: key });
    return this.post(sessionId, { kind: 'photo', attachmentId }, clientId);
  }

  private async accept(sessionId: string, externalId: string, content: InboundContent, lang?: Lang, address?: string): Promise<Received> {
    const message: InboundMessage = {
      channel: 'webchat',
      externalId,
      conversationKey: sessionId,
      userId: sessionId,
      receivedAt: this.clock().toISOString(),
      content,
      ...(lang ? { langHint: lang } : {}),
      ...(address ? { address } : {}),
    };
    return receive(this.store, this.pipeline, message);
  }

  /** The conversation's language and its messages after `after`. */
  async messages(sessionId: string, after: number, limit = 200): Promise<{ lang: Lang; messages: WebMessage[] }> {
    const conversation = await this.store.read.webchat.conversation(sessionId);
    if (!conversation) return { lang: DEFAULT_LANG, messages: [] };
    const state = readState(conversation.state);
    const entries = await this.store.read.messages.after(conversation.id, after, limit);
    return {
      lang: isLang(state.lang) ? state.lang : DEFAULT_LANG,
      // The opening of a session is recorded like any event, but it is not something the user said;
      // agents' internal notes are never shown to the user.
      messages: entries.filter((e) => e.kind !== 'start' && e.direction !== 'note').map((e) => ({
        seq: e.seq,
        from: e.sender === 'agent' ? 'agent' : e.sender === 'user' ? 'user' : 'bot',
        text: e.text,
        ...(e.choices ? { choices: e.choices } : {}),
        ...(e.attachmentId ? { photo: `/api/webchat/sessions/${sessionId}/attachments/${e.attachmentId}` } : {}),
        at: e.createdAt.toISOString(),
      })),
    };
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
