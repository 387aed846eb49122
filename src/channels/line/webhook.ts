import { Hono } from 'hono';
import type { InboundMessage } from '../../domain/messages.js';
import { HttpError } from '../../web/errors.js';
import { readBody } from '../../web/read-body.js';
import type { ChannelContext } from '../../ports/channel-module.js';
import { decodeEvent, type LineProfile, withProfile } from './events.js';
import { verifyLineSignature } from './signature.js';

/** LINE sends small batches; anything bigger is not LINE. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookDeps {
  readonly channelSecret: string;
  /** The user's profile (name, language) for a greeting; undefined when LINE does not say. */
  readonly profile: (userId: string) => Promise<LineProfile | undefined>;
  readonly botUserId: () => string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `POST /webhooks/line`: the signature over the raw bytes first (nothing is parsed or stored
 * without it), then the JSON, then every event decoded and recorded in one call. The answer is
 * 200 only once the events are committed; if recording fails, the error handler answers 5xx
 * and LINE delivers again (duplicates are recognised by `webhookEventId`).
 */
export function lineWebhook(ctx: ChannelContext, deps: WebhookDeps): Hono {
  const log = ctx.log.child({ channel: 'line' });
  const app = new Hono();
  app.post(
    '/',
    async (c) => {
      const body = await readBody(c, MAX_BODY_BYTES);
      const signature = c.req.header('x-line-signature');
      if (!signature) throw new HttpError(401, 'missing_signature', 'the X-Line-Signature header is missing');
      if (!verifyLineSignature(body, deps.channelSecret, signature)) {
        log.warn({ bytes: body.length }, 'LINE webhook with a wrong signature refused');
        throw new HttpError(401, 'bad_signature', 'the X-Line-Signature header does not match the body and the channel secret');
      }

      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch {
        throw new HttpError(400, 'malformed_json', 'the body is not valid JSON');
      }
      if (!isObject(payload) || !Array.isArray(payload.events)) throw new HttpError(400, 'no_events', 'the body has no "events" array');

      const receivedAt = ctx.clock().toISOString();
      const botUserId = deps.botUserId();
      const messages: InboundMessage[] = [];
      const follows: number[] = [];
      let ignored = 0;
      for (const event of payload.events) {
        const decoded = decodeEvent(event, { receivedAt, ...(botUserId ? { botUserId } : {}) });
        if (decoded.kind === 'ignored') {
          ignored++;
          log.debug({ reason: decoded.reason }, 'LINE event ignored');
          continue;
        }
        if (decoded.follow) follows.push(messages.length);
        messages.push(decoded.message);
      }
      // A new friend is greeted in their language: ask LINE for it (briefly; never required).
      await Promise.all(
        follows.map(async (i) => {
          messages[i] = withProfile(messages[i]!, await deps.profile(messages[i]!.userId));
        }),
      );

      const statuses = await ctx.receive(messages);
      const duplicates = statuses.filter((s) => s === 'duplicate').length;
      const rejected = statuses.filter((s) => s === 'rejected').length;
      if (rejected > 0) log.warn({ rejected }, 'LINE events with a NUL or a lone surrogate in an id recorded as rejected (see inbound_events.rejected)');
      return c.json({ status: 'ok', accepted: statuses.length - duplicates - rejected, duplicates, ignored, ...(rejected ? { rejected } : {}) });
    },
  );
  return app;
}
