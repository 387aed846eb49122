import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ChannelModule } from '../ports/channel-module.js';
import { lineChannel } from './line/index.js';
import { telegramChannel } from './telegram/index.js';

/** The platforms the configuration turns on (the web chat is always on). */
export function createChannels(config: Config, log?: Logger): ChannelModule[] {
  const channels: ChannelModule[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    channels.push(
      telegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(log ? { log } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        limits: { globalPerSecond: config.TELEGRAM_MAX_PER_SECOND },
      }),
    );
  }
  if (config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN) {
    channels.push(
      lineChannel({
        channelSecret: config.LINE_CHANNEL_SECRET,
        ...(log ? { log } : {}),
        accessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
        ...(config.LINE_API_BASE_URL ? { apiBaseUrl: config.LINE_API_BASE_URL } : {}),
        ...(config.LINE_DATA_API_BASE_URL ? { dataApiBaseUrl: config.LINE_DATA_API_BASE_URL } : {}),
        maxPerSecond: config.LINE_MAX_PER_SECOND,
      }),
    );
  }
  return channels;
}
