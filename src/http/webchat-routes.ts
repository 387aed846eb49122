import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { EventHub } from '../storage/event-hub.js';
import type { WebchatChannel } from '../channels/webchat/index.js';
import { ClientId, MAX_MESSAGE_BYTES } from '../channels/webchat/decode.js';
import { newId, PhotoRefused } from '../channels/webchat/service.js';
import { Lang } from '../domain/i18n.js';
import { browserLanguage } from '../domain/script-language.js';
import type { CommandIndex } from '../flows/commands.js';
import { imageType } from '../domain/image-type.js';
import { clientAddress } from './client-address.js';
import { HttpError } from '../web/errors.js';
import { RateLimiter } from '../domain/rate-limit.js';
import { readBody } from '../web/read-body.js';
import { isJsonType, parse, readJson } from './read-json.js';
import { StreamCaps } from './stream-caps.js';

/** A new session's body: languages, a device tag, the contact token. */
const MAX_SESSION_BYTES = 4 * 1024;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Message numbers are PostgreSQL integers. */
const MAX_SEQ = 2 ** 31 - 1;
const HEARTBEAT_MS = 20_000;

const SessionBody = z.strictObject({
  /** Chosen (a ?lang= link): the conversation keeps it. */
  lang: Lang.optional(),
  /** The browser's languages (navigator.languages), best first: a hint when none is chosen. */
  languages: z.array(z.string().max(35)).max(20).optional(),
  asset: z.string().trim().min(1).max(64).optional(),
  /** The browser's contact token: its sessions are one person. Wrong or lapsed: a new contact. */
  contactToken: z.string().max(200).optional(),
});
/** `?after=` and Last-Event-ID: the last message number the client has, 0 to 2147483647. */
const After = z
  .string()
  .regex(/^\d{1,10}$/, `after must be a message number from 0 to ${MAX_SEQ}`)
  .transform(Number)
  .refine((n) => n <= MAX_SEQ, `after must be a message number from 0 to ${MAX_SEQ}`)
  .default(0);

/**
 * The web chat API, which the /chat page uses and a school's site can embed:
 * sessions, messages in (text, choice, photo), the transcript out, and live updates (SSE).
 */
export interface WebchatRouteOptions {
  readonly trustProxy: number;
  /** The flows' commands: decode reads typed commands with them. */
  readonly commands: CommandIndex;
  /** Live streams open at once per session and per client address (WEBCHAT_STREAMS_PER_*). */
  readonly streams?: { readonly perSession: number; readonly perAddress: number };
}

export function webchatRoutes(channel: WebchatChannel, hub: EventHub, options: WebchatRouteOptions): Hono {
  const { service } = channel;
  const app = new Hono();
  const streams = new StreamCaps();
  const streamCaps = options.streams ?? { perSession: 3, perAddress: 100 };
  const limiter = new RateLimiter(20, 1, Date.now);
  // A whole school may share one address: generous, but it stops a script opening sessions in a loop.
  const sessionLimiter = new RateLimiter(120, 2, Date.now);

  interface SessionRequest {
    req: { param(name: 'id'): string; query(name: string): string | undefined; raw: Request };
  }
  /** The channel's verify (the session check): the session the request's token opens, and when it ends. */
  const authenticated = async (c: SessionRequest, allowQueryToken = false) => {
    const token = allowQueryToken ? c.req.query('token') : undefined;
    const verdict = await channel.verify(c.req.raw.headers, '', { id: c.req.param('id'), ...(token ? { token } : {}) });
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.error, verdict.reason);
    return { id: verdict.sessionId, endsAt: verdict.endsAt };
  };
  const session = async (c: SessionRequest, allowQueryToken = false) => (await authenticated(c, allowQueryToken)).id;
  /** A photo over a photo limit: 413 with the reason (`photo_quota`); the session's text messages go on. */
  const photoLimit = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PhotoRefused) throw new HttpError(413, 'photo_quota', error.message);
      throw error;
    }
  };
  const limit = (id: string) => {
    if (!limiter.take(id)) throw new HttpError(429, 'too_many_requests', 'too many messages; wait a few seconds');
  };

  app.post('/sessions', async (c) => {
    if (!sessionLimiter.take(clientAddress(c, options.trustProxy)))
      throw new HttpError(429, 'too_many_requests', 'too many new sessions from this address; wait a minute');
    const body = c.req.header('content-length') === '0' ? parse(SessionBody, {}) : await readJson(c, SessionBody, MAX_SESSION_BYTES);
    const accepted = (c.req.header('accept-language') ?? '').split(',').map((tag) => tag.split(';')[0]?.trim() ?? '');
    const hint = browserLanguage(body.languages ?? accepted);
    const created = await service.createSession({
      ...(body.lang ? { lang: body.lang } : {}),
      ...(hint ? { hint } : {}),
      ...(body.asset ? { assetTag: body.asset } : {}),
      ...(body.contactToken ? { contactToken: body.contactToken } : {}),
    });
    return c.json(created, 201);
  });

  app.post('/sessions/:id/messages', async (c) => {
    const id = await session(c);
    if (!isJsonType(c.req.header('content-type')))
      throw new HttpError(415, 'unsupported_media_type', 'send JSON with Content-Type: application/json');
    const raw = await readBody(c, MAX_MESSAGE_BYTES);
    const address = clientAddress(c, options.trustProxy);
    const decoded = channel.decode(raw, {
      sessionId: id,
      now: service.now(),
      commands: options.commands,
      nonce: newId(),
      ...(address === 'unknown' ? {} : { address }),
    });
    if (decoded.refused) throw new HttpError(400, decoded.refused, decoded.ignored[0]?.reason ?? 'not a message');
    limit(id);
    const [status] = await service.receive(decoded.events);
    return c.json({ status }, 202);
  });

  app.post('/sessions/:id/photos', async (c) => {
    const id = await session(c);
    const clientId = c.req.query('clientId');
    if (clientId !== undefined) parse(ClientId, clientId);
    // Refused before the body is read when the photo limits leave no room for it.
    await photoLimit(() => service.photoRoom(id, Math.max(1, Number(c.req.header('content-length')) || 1)));
    const bytes = new Uint8Array(await readBody(c, MAX_PHOTO_BYTES));
    if (bytes.length === 0) throw new HttpError(400, 'empty_photo', 'the photo is empty');
    const mime = imageType(bytes);
    if (!mime) throw new HttpError(415, 'unsupported_media_type', 'send a JPEG, PNG, WebP or GIF image');
    limit(id);
    const status = await photoLimit(() => service.postPhoto(id, bytes, mime, clientId));
    return c.json({ status }, 202);
  });

  app.get('/sessions/:id/messages', async (c) => {
    const id = await session(c);
    const after = parse(After, c.req.query('after'));
    return c.json(await service.messages(id, after));
  });

  app.get('/sessions/:id/attachments/:attachment', async (c) => {
    const id = await session(c, true);
    const found = await service.attachment(id, c.req.param('attachment'));
    if (!found) throw new HttpError(404, 'not_found', 'no such attachment in this conversation');
    return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': found.mime, 'cache-control': 'private, max-age=86400' });
  });

  /** Live updates: every new transcript entry as an SSE `message` event whose id is its seq. */
  app.get('/sessions/:id/events', async (c) => {
    const { id, endsAt } = await authenticated(c, true);
    const conversationId = await service.conversationId(id);
    if (!conversationId) throw new HttpError(404, 'not_found', 'the session has no conversation');
    let sent = parse(After, c.req.header('last-event-id') ?? c.req.query('after'));
    const release = streams.take([
      {
        key: `session:${id}`,
        cap: streamCaps.perSession,
        reason: `this session already has ${streamCaps.perSession} live streams open; close one, or poll GET /api/webchat/sessions/:id/messages`,
      },
      {
        key: `address:${clientAddress(c, options.trustProxy)}`,
        cap: streamCaps.perAddress,
        reason: `${streamCaps.perAddress} live streams are already open from this address; poll GET /api/webchat/sessions/:id/messages instead`,
      },
    ]);
    // The stream ends when the session does (the browser then learns it has expired).
    const ends = Date.now() + Math.max(0, endsAt.getTime() - service.now().getTime());
    c.header('X-Accel-Buffering', 'no'); // proxies must not hold the stream back
    return streamSSE(c, async (stream) => {
      stream.onAbort(release);
      let pending: Promise<void> = Promise.resolve();
      const flush = () => {
        pending = pending.then(async () => {
          const { lang, messages } = await service.messages(id, sent);
          for (const m of messages) {
            await stream.writeSSE({ event: 'message', id: String(m.seq), data: JSON.stringify({ ...m, lang }) });
            sent = m.seq;
          }
        });
        return pending;
      };
      const unsubscribe = hub.subscribe(conversationId, () => void flush().catch(() => stream.abort()));
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => stream.abort()), HEARTBEAT_MS);
      stream.onAbort(() => {
        unsubscribe();
        clearInterval(heartbeat);
      });
      try {
        await flush();
        while (!stream.aborted && !stream.closed && Date.now() < ends)
          await stream.sleep(Math.min(HEARTBEAT_MS, Math.max(1, ends - Date.now())));
      } finally {
        unsubscribe();
        clearInterval(heartbeat);
        release();
      }
    });
  });

  return app;
}
