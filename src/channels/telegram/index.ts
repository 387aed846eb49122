import type { ChannelModule } from '../channel-module.js';

export interface TelegramOptions {
  readonly token: string;
  readonly webhookSecret?: string;
  readonly publicUrl?: string;
  readonly apiRoot?: string;
}

/** Telegram (being written in this session). */
export function telegramChannel(_options: TelegramOptions): ChannelModule {
  throw new Error('the Telegram channel is not built yet');
}
