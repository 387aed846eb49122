import type { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import type { ChannelContext, ChannelModule } from '../../ports/channel-module.js';
import { TelegramApi } from './api.js';
import { slashCommands } from './commands.js';
import { BotIdentity } from './identity.js';
import { TelegramMedia } from './media.js';
import { pollUpdates } from './polling.js';
import { startUp } from './startup.js';
import { TELEGRAM_LIMITS, type TelegramLimits, TelegramTransport } from './transport.js';
import { UpdateHandler } from './updates.js';
import { webhookRoutes } from './webhook.js';

export interface TelegramOptions {
  readonly token: string;
  /** Where the sending side logs before (or without) a webhook or poller being started (a pipeline thread). */
  readonly log?: Logger;
  readonly webhookSecret?: string;
  readonly publicUrl?: string;
  readonly apiRoot?: string;
  /** Sending limits; Telegram's by default (tests may go faster against a fake server). */
  readonly limits?: Partial<TelegramLimits>;
  /** Long polling: seconds a getUpdates call waits for updates (25 by default). */
  readonly pollTimeoutSeconds?: number;
}

/**
 * Telegram: the webhook (or long polling without PUBLIC_URL), updates decoded into the shared
 * pipeline, replies sent with sendMessage, photos downloaded with getFile, and at start the
 * command menus and the webhook registered — retried in the background while Telegram is out of
 * reach, so fixline starts anyway.
 */
export function telegramChannel(options: TelegramOptions): ChannelModule {
  const api = new TelegramApi(options.token, options.apiRoot);
  let log: Logger = options.log?.child({ channel: 'telegram' }) ?? pino({ level: 'silent' });
  const logger = () => log;
  const identity = new BotIdentity(api, logger);
  const transport = new TelegramTransport(api, logger, { ...TELEGRAM_LIMITS, ...options.limits });
  let handler: UpdateHandler | undefined;
  let running: { abort: AbortController; done: Promise<void> } | undefined;

  const handlerFor = (ctx: ChannelContext) => {
    log = ctx.log.child({ channel: 'telegram' });
    handler ??= new UpdateHandler(api, identity, slashCommands(ctx.flows.settings), ctx, log);
    return handler;
  };

  return {
    name: 'telegram',
    transport,
    media: new TelegramMedia(api),

    routes(ctx: ChannelContext): Hono {
      handlerFor(ctx);
      return webhookRoutes(options.webhookSecret, () => handlerFor(ctx));
    },

    async start(ctx: ChannelContext): Promise<void> {
      if (running) return;
      const updates = handlerFor(ctx);
      const abort = new AbortController();
      const signal = abort.signal;
      const done = startUp({
        api,
        identity,
        settings: ctx.flows.settings,
        log,
        signal,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        ...(options.webhookSecret ? { secret: options.webhookSecret } : {}),
        poll: () => pollUpdates(api, updates, log, { timeoutSeconds: options.pollTimeoutSeconds ?? 25, signal }),
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
