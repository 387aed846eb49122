import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from 'pino';
import type { OutboxItem } from '../../ports/outbox.js';
import type { ChannelTransport, DeliveryOutcome } from '../../ports/transport.js';
import { type CallResult, classifyError } from './errors.js';
import { LINE_LIMITS, encode } from './encode.js';
import { pushRetryKey } from './retry-key.js';

/** The part of the SDK's MessagingApiClient the transport uses. */
export type LineMessagingApi = Pick<messagingApi.MessagingApiClient, 'replyMessage' | 'pushMessage'>;

/** A reply token is valid for about a minute after the event; we use it for this long. */
export const REPLY_WINDOW_MS = 50_000;

interface Planned {
  readonly items: readonly OutboxItem[];
  /** The LINE messages of each request (one request, or several for a message too long for one). */
  readonly calls: readonly messagingApi.Message[][];
}

/** Items of the same origin go in one push: replies to one event, queued in one transaction. */
const origin = (item: OutboxItem) => `${item.payload.to}\u0000${item.payload.replyToken ?? ''}\u0000${item.createdAt.getTime()}`;

/**
 * Takes items from the head while they match and their messages fit in one call. The first item
 * is always taken; alone it may need several calls. Greedy from the head, so the same queue head
 * always gives the same call: a retried push carries exactly what the failed one carried.
 */
function plan(first: OutboxItem, following: readonly OutboxItem[], same: (item: OutboxItem) => boolean): Planned {
  const head = encode(first.payload);
  if (head.length > LINE_LIMITS.messagesPerCall) {
    const calls: messagingApi.Message[][] = [];
    for (let i = 0; i < head.length; i += LINE_LIMITS.messagesPerCall) calls.push(head.slice(i, i + LINE_LIMITS.messagesPerCall));
    return { items: [first], calls };
  }
  const taken = [first];
  const messages: messagingApi.Message[] = [...head];
  for (const item of following) {
    if (!same(item)) break;
    const more = encode(item.payload);
    if (messages.length + more.length > LINE_LIMITS.messagesPerCall) break;
    taken.push(item);
    messages.push(...more);
  }
  return { items: taken, calls: [messages] };
}

/**
 * Sends a conversation's queued messages to LINE. While the reply token of the event they answer
 * is fresh (and not used yet), they go as one reply (free, up to 5 messages); otherwise, or when
 * the reply failed, by push with an `X-Line-Retry-Key` derived from the messages, so that a push
 * retried after a timeout or 5xx is shown once (LINE answers 409 to the repeat).
 */
export class LineTransport implements ChannelTransport {
  readonly channel = 'line' as const;
  readonly batchSize = LINE_LIMITS.messagesPerCall;
  /** LINE allows about 2,000 requests/s per channel; a desk sends a small fraction of that. */
  readonly perChatPerSecond = 20;
  readonly perChatBurst = 5;
  log: Logger | undefined;
  /** Reply tokens this instance has spent (or tried to): a token works once. */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly api: LineMessagingApi,
    private readonly replyWindowMs = REPLY_WINDOW_MS,
    readonly globalPerSecond = 100,
  ) {}

  async deliver(items: readonly OutboxItem[], pace: () => Promise<void>, now: Date): Promise<DeliveryOutcome> {
    this.forgetOldTokens(now.getTime());
    let delivered = 0;
    for (;;) {
      const [first, ...following] = items.slice(delivered);
      if (!first) break;
      const token = this.freshToken(first, now);
      if (token) {
        const { items: carried, calls } = plan(
          first,
          following,
          (i) => i.payload.replyToken === token && i.payload.to === first.payload.to,
        );
        const [messages] = calls;
        if (!messages)
          throw new Error('A reply token is used only for an item whose messages fit in one call (freshToken), so the plan has that call.');
        this.spent.set(token, now.getTime());
        await pace();
        const result = await this.call('reply', () => this.api.replyMessage({ replyToken: token, messages }));
        if (result.kind === 'reply_token_refused') {
          this.log?.info({ to: first.payload.to, error: result.error }, 'LINE refused the reply token; sending by push');
          return { delivered, failure: { kind: 'retry', error: result.error, retryAfterMs: 0 } };
        }
        if (result.kind === 'failed') return { delivered, failure: result.failure };
        delivered += carried.length;
        continue;
      }
      const head = origin(first);
      const { items: carried, calls } = plan(first, following, (i) => origin(i) === head);
      for (const [part, messages] of calls.entries()) {
        const retryKey = pushRetryKey(carried, part);
        await pace();
        const result = await this.call('push', () => this.api.pushMessage({ to: first.payload.to, messages }, retryKey));
        if (result.kind === 'already_sent') this.log?.info({ to: first.payload.to, retryKey }, 'LINE had accepted this push before (409)');
        if (result.kind === 'failed') return { delivered, failure: result.failure };
        if (result.kind === 'reply_token_refused') return { delivered, failure: { kind: 'retry', error: result.error } };
      }
      delivered += carried.length;
    }
    return { delivered };
  }

  /** The item's reply token when it can still be used: fresh, not spent, and its messages fit in one reply. */
  private freshToken(item: OutboxItem, now: Date): string | undefined {
    const { replyToken, replyTokenAt } = item.payload;
    if (!replyToken || !replyTokenAt || this.spent.has(replyToken)) return undefined;
    const at = Date.parse(replyTokenAt);
    if (Number.isNaN(at) || now.getTime() - at >= this.replyWindowMs) return undefined;
    if (encode(item.payload).length > LINE_LIMITS.messagesPerCall) return undefined;
    return replyToken;
  }

  private async call(kind: 'reply' | 'push', request: () => Promise<unknown>): Promise<CallResult> {
    try {
      await request();
      return { kind: 'sent' };
    } catch (error) {
      const result = classifyError(error, kind);
      if (result.kind === 'failed') this.log?.warn({ call: kind, failure: result.failure }, 'a LINE send failed');
      return result;
    }
  }

  private forgetOldTokens(now: number): void {
    for (const [token, at] of this.spent) if (now - at > 10 * 60_000) this.spent.delete(token);
  }
}
