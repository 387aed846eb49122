import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { FlowSet } from '../flows/flow-set.js';
import type { ChannelName, InboundMessage } from '../domain/messages.js';
import type { ChannelTransport, MediaFetcher } from './transport.js';

/** What became of one received event. */
export type Received = 'accepted' | 'duplicate' | 'rejected';

/**
 * Records a webhook's events (once each) and schedules them; resolves when they are committed.
 * `rejected`: recorded but unusable (an identifier with a NUL or a lone surrogate); acknowledge it.
 */
type Receive = (messages: readonly InboundMessage[]) => Promise<Received[]>;

export interface ChannelContext {
  readonly log: Logger;
  readonly receive: Receive;
  /** The flows, for command lists and labels the platform shows (Telegram's setMyCommands). */
  readonly flows: FlowSet;
  readonly clock: () => Date;
}

/**
 * A messaging platform plugged into the shared pipeline: its webhook (signature checked before
 * anything else, payloads decoded into InboundMessage[]), its sending side, its photo fetching,
 * and what it must do at start (register the webhook, or poll) and at stop.
 */
export interface ChannelModule {
  readonly name: ChannelName;
  readonly transport: ChannelTransport;
  readonly media?: MediaFetcher;
  /** Mounted at /webhooks/<name>. */
  routes(ctx: ChannelContext): Hono;
  start(ctx: ChannelContext): Promise<void>;
  stop(): Promise<void>;
}
