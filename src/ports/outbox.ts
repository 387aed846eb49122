import type { Lang } from '../domain/i18n.js';
import type { ChannelName, OutboundMessage } from '../domain/messages.js';

/** Ports: the outbox, the queue of replies each channel's sender delivers (see app/outbox-sender.ts). */

/** What an outbox row carries to the channel. */
export interface OutboxPayload extends OutboundMessage {
  /** The chat on the channel. */
  readonly to: string;
  /** The conversation's language when the reply was made (for labels the platform shows). */
  readonly lang: Lang;
  /** LINE: the reply token of the event these replies answer, and when that event arrived. */
  readonly replyToken?: string;
  readonly replyTokenAt?: string;
  /**
   * A notice held for the teacher's quiet hours (ISO): not sent before then, and until then it does
   * not hold up the conversation's later replies (those answer the teacher now).
   */
  readonly heldUntil?: string;
}

export interface OutboxItem {
  readonly id: number;
  readonly payload: OutboxPayload;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly createdAt: Date;
}

/** The leased head of one conversation's queue, oldest first. */
export interface OutboxBatch {
  readonly conversationId: string;
  readonly items: readonly OutboxItem[];
}

export interface OutboxRepo {
  /**
   * Leases due messages of up to `conversations` conversations of the channel: only conversations
   * whose oldest pending message is due, and for each its oldest pending messages (at most
   * `perConversation`), so a conversation's messages leave in order and one instance sends them.
   * `busy`: conversations the caller is still delivering, skipped even when their lease ran out (a
   * delivery waiting behind rate limits or a slow platform must not be sent a second time).
   */
  lease(
    channel: ChannelName,
    now: Date,
    leaseMs: number,
    conversations: number,
    perConversation: number,
    busy?: readonly string[],
  ): Promise<OutboxBatch[]>;
  /**
   * Holds leased messages `leaseMs` longer while their delivery is still under way (a slow platform,
   * a long pacing wait): another instance must not take them and send them again.
   */
  renew(ids: readonly number[], until: Date): Promise<void>;
  /** Delivered (counts the attempt). */
  markSent(ids: readonly number[], at: Date): Promise<void>;
  /** Gives leased messages back, to be tried again at `at`; `tried` is the one whose attempt failed. */
  retryAt(ids: readonly number[], at: Date, error: string, tried?: number): Promise<void>;
  /** Failed for good after this attempt. */
  markFailed(ids: readonly number[], error: string): Promise<void>;
  /** Fails every pending message of a conversation (the user blocked the bot). */
  failPending(conversationId: string, error: string): Promise<void>;
  /** The conversation's messages that could not be delivered (for agents to see); `reviewed` once an agent has seen them. */
  failed(
    conversationId: string,
  ): Promise<{ id: number; messageId: number; seq: number | null; lastError: string | null; reviewed: boolean }[]>;
  /** Marks the conversation's unreviewed failed messages as seen by the agent; returns how many. */
  markReviewed(conversationId: string, agentId: string, at: Date): Promise<number>;
}
