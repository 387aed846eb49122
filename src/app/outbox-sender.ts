import type { Logger } from 'pino';
import type { ChannelTransport } from '../channels/transport.js';
import { RateLimiter } from '../http/rate-limit.js';
import type { OutboxBatch, Store } from './ports.js';

export interface SenderOptions {
  /** How long a leased batch is held before another instance may take it. */
  readonly leaseMs: number;
  /** Conversations leased per round. */
  readonly conversationsPerRound: number;
  /** Attempts before a message is marked failed (where agents see it). */
  readonly maxAttempts: number;
  /** Idle wait between rounds when nothing was due. */
  readonly idleMs: number;
  readonly clock: () => Date;
  /** Counts what happened to a batch (for /metrics). */
  readonly onResult?: (sent: number, failed: number, retried: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1 s, 2 s, 4 s … up to 5 minutes, with a little jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

/**
 * Sends what the outbox holds for one channel: each conversation's messages in order (only the
 * head of a queue is taken; the rest wait behind it), paced under the platform's limits, retried
 * with backoff or when the platform says (429 retry_after), and after repeated failure marked
 * failed. Leases make it safe to run in every instance.
 */
export class OutboxSender {
  private readonly global: RateLimiter;
  private readonly perChat: RateLimiter;
  private running = false;
  private stopped = true;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly transport: ChannelTransport,
    private readonly log: Logger,
    private readonly options: SenderOptions,
  ) {
    this.global = new RateLimiter(Math.max(1, transport.globalPerSecond), transport.globalPerSecond);
    this.perChat = new RateLimiter(transport.perChatBurst, transport.perChatPerSecond);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Asks for a round now (new replies were queued). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let busy = false;
      try {
        busy = (await this.round()) > 0;
      } catch (error) {
        this.log.warn({ err: error, channel: this.transport.channel }, 'outbox round failed');
      }
      if (!busy && !this.stopped) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          setTimeout(resolve, this.options.idleMs);
        });
        this.wakeUp = undefined;
      }
    }
  }

  /** One round: lease due conversations and deliver them; returns how many were handled. */
  async round(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const now = this.options.clock();
      const batches = await this.store.transaction((r) =>
        r.outbox.lease(this.transport.channel, now, this.options.leaseMs, this.options.conversationsPerRound, this.transport.batchSize),
      );
      await Promise.all(batches.map((b) => this.deliver(b)));
      return batches.length;
    } finally {
      this.running = false;
    }
  }

  private async pace(key: string): Promise<void> {
    while (!this.perChat.take(key)) await sleep(50);
    while (!this.global.take('all')) await sleep(20);
  }

  private async deliver(batch: OutboxBatch): Promise<void> {
    const { items } = batch;
    const key = items[0]!.payload.to;
    let outcome;
    try {
      outcome = await this.transport.deliver(items, () => this.pace(key), this.options.clock());
    } catch (error) {
      outcome = { delivered: 0, failure: { kind: 'retry' as const, error: error instanceof Error ? error.message : String(error) } };
    }
    const now = this.options.clock();
    const sent = items.slice(0, outcome.delivered).map((i) => i.id);
    const rest = items.slice(outcome.delivered);
    const failure = outcome.failure;
    const result = await this.store.transaction(async (r) => {
      await r.outbox.markSent(sent, now);
      if (rest.length === 0) return { failed: 0, retried: 0 };
      const head = rest[0]!;
      const others = rest.slice(1).map((i) => i.id);
      if (!failure) {
        await r.outbox.retryAt(rest.map((i) => i.id), now, 'not sent in this round');
        return { failed: 0, retried: 0 };
      }
      if (failure.kind === 'blocked') {
        this.log.info({ channel: this.transport.channel, to: key }, 'user blocked the bot; not sending');
        await r.conversations.setBlocked(batch.conversationId, now);
        await r.outbox.failPending(batch.conversationId, `the user blocked the bot: ${failure.error}`);
        return { failed: rest.length, retried: 0 };
      }
      if (failure.kind === 'rejected' || head.attempts + 1 >= this.options.maxAttempts) {
        this.log.warn({ channel: this.transport.channel, to: key, error: failure.error, attempts: head.attempts + 1 }, 'message failed');
        await r.outbox.markFailed([head.id], failure.error);
        await r.outbox.retryAt(others, now, 'waiting behind a failed message');
        return { failed: 1, retried: 0 };
      }
      const wait = failure.retryAfterMs ?? backoffMs(head.attempts + 1);
      await r.outbox.retryAt(rest.map((i) => i.id), new Date(now.getTime() + wait), failure.error, head.id);
      return { failed: 0, retried: 1 };
    });
    this.options.onResult?.(sent.length, result.failed, result.retried);
  }
}
