import type { OutboxItem } from './outbox.js';
import type { ChannelName } from '../domain/messages.js';

/** Why a delivery stopped. */
export type DeliveryFailure =
  /** Worth trying again (network, 5xx, 429); `retryAfterMs` when the platform said when. */
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  /** The user blocked the bot or left: stop sending to this chat. */
  | { readonly kind: 'blocked'; readonly error: string }
  /** The platform refused this message for good (400): it is marked failed, the next ones go on. */
  | { readonly kind: 'rejected'; readonly error: string };

export interface DeliveryOutcome {
  /** How many of the items, from the first, the platform accepted. */
  readonly delivered: number;
  readonly failure?: DeliveryFailure;
}

/**
 * The sending side of a channel. The outbox sender hands it the oldest queued messages of one
 * conversation, in order; it delivers them in order and says how far it got. `pace` must be
 * awaited before each request to the platform (it keeps the channel under its rate limits).
 */
export interface ChannelTransport {
  readonly channel: ChannelName;
  /** Messages of one conversation handed over at once (a LINE reply carries up to 5). */
  readonly batchSize: number;
  /** Requests per second allowed to one chat (bursts of `perChatBurst`) and in all. */
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly globalPerSecond: number;
  deliver(items: readonly OutboxItem[], pace: () => Promise<void>, now: Date): Promise<DeliveryOutcome>;
}

/** Fetches a photo the user sent, by the platform's reference. */
export interface MediaFetcher {
  fetch(ref: string): Promise<{ bytes: Uint8Array; mime: string }>;
}
