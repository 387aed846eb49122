import type { ChannelName } from './domain/messages.js';

/** From the receiving thread to the background thread. */
export type ToBackground =
  | { readonly type: 'kick'; readonly channel: ChannelName; readonly conversationKey: string }
  | { readonly type: 'wake'; readonly channel: ChannelName }
  | { readonly type: 'stop' };

/** A counter increment, as Counters.inc takes it. */
export type CounterIncrement = readonly [name: string, labels: Readonly<Record<string, string>>, by: number];

/** From the background thread to the receiving thread. */
export type FromBackground =
  | { readonly type: 'ready' }
  | { readonly type: 'counters'; readonly increments: readonly CounterIncrement[] }
  | { readonly type: 'stopped' };
