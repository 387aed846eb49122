import { messagingApi } from '@line/bot-sdk';
import type { Logger } from 'pino';
import type { ChannelContext, ChannelModule, ChannelWebhook, RawBody } from '../../ports/channel-module.js';
import { decode, isFollow, type LineProfile, profileLang, withProfile } from './decode.js';
import { fetchExternalImage } from './external-image.js';
import { type ExternalFetch, LineMedia } from './media.js';
import { LineTransport, REPLY_WINDOW_MS } from './transport.js';
import { lineVerifier } from './verify.js';

/** LINE sends small batches; anything bigger is not LINE. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface LineOptions {
  readonly channelSecret: string;
  /** Where the sending side logs before (or without) the webhook being mounted (a background thread). */
  readonly log?: Logger;
  readonly accessToken: string;
  readonly apiBaseUrl?: string;
  readonly dataApiBaseUrl?: string;
  /** Requests per second in all (LINE allows about 2,000; 100 by default). */
  readonly maxPerSecond?: number;
}

/** Seams for tests and tuning; production uses the defaults. */
export interface LineInternals {
  /** How images LINE only links to (`contentProvider.type: external`) are fetched. */
  readonly fetchExternal?: ExternalFetch;
  /** How long a follow event waits for the user's profile before greeting without it. */
  readonly profileTimeoutMs?: number;
  /** How long after the event its reply token is used (LINE: about a minute). */
  readonly replyWindowMs?: number;
}

/** Resolves to undefined when the promise takes longer than `ms` (the request itself goes on). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * LINE: the webhook (signature, events → InboundMessage), replies by reply token or push with
 * retry keys, photos from the data API. Nothing to register at start: the webhook URL is set in
 * the LINE Developers Console.
 */
export function lineChannel(options: LineOptions, internals: LineInternals = {}): ChannelModule {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: options.accessToken,
    ...(options.apiBaseUrl ? { baseURL: options.apiBaseUrl } : {}),
  });
  const blobs = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: options.accessToken,
    ...(options.dataApiBaseUrl ? { baseURL: options.dataApiBaseUrl } : {}),
  });
  const transport = new LineTransport(api, internals.replyWindowMs ?? REPLY_WINDOW_MS, options.maxPerSecond);
  const media = new LineMedia(blobs, internals.fetchExternal ?? ((url) => fetchExternalImage(url)));
  const profileTimeoutMs = internals.profileTimeoutMs ?? 1500;
  let log: Logger | undefined = options.log?.child({ channel: 'line' });
  if (log) transport.log = log;
  let botUserId: string | undefined;

  const profile = async (userId: string): Promise<LineProfile | undefined> => {
    try {
      const found = await within(api.getProfile(userId), profileTimeoutMs);
      if (!found) return undefined;
      const lang = profileLang(found.language);
      return { ...(found.displayName ? { displayName: found.displayName } : {}), ...(lang ? { lang } : {}) };
    } catch (error) {
      log?.debug({ err: error }, 'LINE profile not available; greeting without it');
      return undefined;
    }
  };

  const useLog = (base: Logger) => {
    log ??= base.child({ channel: 'line' });
    transport.log ??= log;
    return log;
  };

  const webhook: ChannelWebhook = {
    maxBodyBytes: MAX_BODY_BYTES,
    verifies: 'body',
    verify: lineVerifier(options.channelSecret),
    async decode(raw: RawBody, ctx: ChannelContext) {
      useLog(ctx.log);
      const decoded = decode(raw, {
        receivedAt: ctx.clock().toISOString(),
        commands: ctx.flows.commands,
        ...(botUserId ? { botUserId } : {}),
      });
      // A new friend is greeted in their language: ask LINE for it (briefly; never required).
      const events = await Promise.all(decoded.events.map(async (m) => (isFollow(m) ? withProfile(m, await profile(m.userId)) : m)));
      return { ...decoded, events };
    },
    answer: (counts) => ({ status: 'ok', ...counts }),
  };

  return {
    name: 'line',
    transport,
    media,
    webhook,
    async start(ctx) {
      const l = useLog(ctx.log);
      try {
        const info = await within(api.getBotInfo(), 3000);
        if (!info) {
          l.warn('LINE bot info did not come in time; the webhook works regardless');
          return;
        }
        botUserId = info.userId;
        l.info({ botUserId: info.userId, basicId: info.basicId, name: info.displayName }, 'LINE channel ready (webhook: /webhooks/line)');
      } catch (error) {
        l.warn({ err: error }, 'LINE bot info not available (check LINE_CHANNEL_ACCESS_TOKEN); the webhook works regardless');
      }
    },
    async stop() {
      // Nothing to stop: LINE pushes to the webhook, and the API client holds no connection of its own.
    },
  };
}
