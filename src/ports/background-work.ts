import type { ChannelName } from '../domain/messages.js';

/**
 * What the receiving side (webhooks, the web chat, the console) asks of the background work:
 * taking a turn over a conversation's recorded events, and sending what is queued. Implemented in
 * the same thread (the processor and the senders themselves) or in a thread of its own.
 */
export interface BackgroundWork {
  /** Events of the conversation were recorded: take a turn over them (fire and forget; the sweep catches anything missed). */
  kick(channel: ChannelName, conversationKey: string): void;
  /** A webhook or the web chat recorded events (for /metrics). */
  counted(channel: ChannelName, accepted: number, duplicates: number): void;
  /** Messages were queued for the channel outside a turn (an agent wrote, a ticket changed). */
  wake(channel: ChannelName): void;
}
