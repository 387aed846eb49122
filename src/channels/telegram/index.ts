import pino, { type Logger } from 'pino';
import { dueAcks, intake } from '../../app/intake.js';
import type { ChannelContext, ChannelModule, ChannelWebhook, Decoded, RawBody, Received } from '../../ports/channel-module.js';
import { TelegramApi } from './api.js';
import { type DecodeContext, decode, decodeUpdates, fromGroup, type RawUpdate, readUpdate } from './decode.js';
import { BotIdentity } from './identity.js';
import { TelegramMedia } from './media.js';
import { pollUpdates } from './polling.js';
import { startUp } from './startup.js';
import { TELEGRAM_LIMITS, type TelegramLimits, TelegramTransport } from './transport.js';
import { telegramVerifier } from './verify.js';

export interface TelegramOptions {
  readonly token: string;
  /** Where the sending side logs before (or without) a webhook or poller being started (a background thread). */
  readonly log?: Logger;
  readonly webhookSecret?: string;
  readonly publicUrl?: string;
  readonly apiRoot?: string;
  /** Sending limits; Telegram's by default (tests may go faster against a fake server). */
  readonly limits?: Partial<TelegramLimits>;
  /** Long polling: seconds a getUpdates call waits for updates (25 by default). */
  readonly pollTimeoutSeconds?: number;
}

/** Telegram's updates are a few kB; anything near this is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Telegram: the webhook (or long polling without PUBLIC_URL), updates decoded and recorded for the
 * turns, replies sent with sendMessage, photos downloaded with getFile, and at start the
 * command menus and the webhook registered — retried in the background while Telegram is out of
 * reach, so fixline starts anyway.
 */
export function telegramChannel(options: TelegramOptions): ChannelModule {
  const api = new TelegramApi(options.token, options.apiRoot);
  let log: Logger = options.log?.child({ channel: 'telegram' }) ?? pino({ level: 'silent' });
  const logger = () => log;
  const identity = new BotIdentity(api, logger);
  const transport = new TelegramTransport(api, logger, { ...TELEGRAM_LIMITS, ...options.limits });
  let running: { abort: AbortController; done: Promise<void> } | undefined;

  const useLog = (ctx: ChannelContext) => (log = ctx.log.child({ channel: 'telegram' }));
  /** What decode needs to know now; the bot's username is asked for first when a group message needs it. */
  const decodeContext = async (updates: readonly RawUpdate[], ctx: ChannelContext): Promise<DecodeContext> => {
    if (!identity.username && updates.some(fromGroup)) await identity.ensure();
    return {
      botId: identity.id,
      commands: ctx.flows.commands,
      now: ctx.clock(),
      ...(identity.username ? { botUsername: identity.username } : {}),
    };
  };
  /** answerCallbackQuery, in the background: if it fails the button spins a while, nothing worse. */
  const acknowledge = (decoded: Decoded, statuses: readonly Received[]) => {
    for (const id of dueAcks(decoded, statuses)) {
      api.call('answerCallbackQuery', { callback_query_id: id }, { timeoutMs: 10_000 }).catch((error: unknown) => {
        log.warn({ callbackQueryId: id, error: api.describe(error) }, 'answering a callback query failed');
      });
    }
  };

  const webhook: ChannelWebhook = {
    maxBodyBytes: MAX_BODY_BYTES,
    verifies: 'headers',
    verify: telegramVerifier(options.webhookSecret),
    async decode(raw: RawBody, ctx: ChannelContext): Promise<Decoded> {
      useLog(ctx);
      const read = readUpdate(raw);
      return decode(raw, await decodeContext('update' in read ? [read.update] : [], ctx));
    },
    acknowledge,
    answer: (counts) => ({ ok: true, ...counts }),
  };

  return {
    name: 'telegram',
    transport,
    media: new TelegramMedia(api),
    webhook,
    accountName: () => identity.ensure(),

    async start(ctx: ChannelContext): Promise<void> {
      if (running) return;
      useLog(ctx);
      const abort = new AbortController();
      const signal = abort.signal;
      // Long polling takes updates in as the webhook does: decoded, recorded, then the buttons answered.
      const takeIn = async (updates: readonly RawUpdate[]) => {
        const decoded = decodeUpdates(updates, await decodeContext(updates, ctx));
        const { statuses } = await intake(decoded, ctx, 'telegram');
        acknowledge(decoded, statuses);
      };
      const done = startUp({
        api,
        identity,
        settings: ctx.flows.settings,
        log,
        signal,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        ...(options.webhookSecret ? { secret: options.webhookSecret } : {}),
        poll: () => pollUpdates(api, takeIn, log, { timeoutSeconds: options.pollTimeoutSeconds ?? 25, signal }),
      }).catch((error: unknown) => log.error({ error: api.describe(error) }, 'Telegram start-up stopped'));
      running = { abort, done };
    },

    async stop(): Promise<void> {
      if (!running) return;
      running.abort.abort();
      await running.done;
      running = undefined;
    },
  };
}
