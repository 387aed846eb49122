import type { ChannelModule } from '../channel-module.js';

export interface LineOptions {
  readonly channelSecret: string;
  readonly accessToken: string;
  readonly apiBaseUrl?: string;
  readonly dataApiBaseUrl?: string;
}

/** LINE (being written in this session). */
export function lineChannel(_options: LineOptions): ChannelModule {
  throw new Error('the LINE channel is not built yet');
}
