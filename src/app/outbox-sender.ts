import type { Logger } from 'pino';
import type { ChannelTransport, DeliveryOutcome } from '../ports/transport.js';
import { RateLimiter } from '../domain/rate-limit.js';
import type { Repos, Store } from '../ports/store.js';
import type { OutboxBatch } from '../ports/outbox.js';

export interface SenderOptions {
  /** How long a leased batch is held before another instance may take it. */
  readonly leaseMs: number;
  /** Conversations leased per round. */
  readonly conversationsPerRound: number;
  /** Conversations being delivered at once (default four rounds' worth). */
  readonly maxInFlight?: number;
  /** Attempts before a message is marked failed (where agents see it). */
  readonly maxAttempts: number;
  /** Idle wait between rounds when nothing was due. */
  readonly idleMs: number;
  /**
   * After a round that was not full, wait this long before the next: replies that arrive
   * meanwhile travel together, so a busy sender costs fewer transactions (and a little latency).
   */
  readonly gatherMs?: number;
  readonly clock: () => Date;
  /** Counts what happened to a batch (for /metrics). */
  readonly onResult?: (sent: number, failed: number, retried: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivered {
  readonly batch: OutboxBatch;
  readonly outcome: DeliveryOutcome;
}

/** 1 s, 2 s, 4 s … up to 5 minutes, with a little jitter. */
function backoffMs(attempt: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

/**
 * Sends what the outbox holds for one channel: each conversation's messages in order (only the
 * head of a queue is taken; the rest wait behind it), paced under the platform's limits, retried
 * with backoff or when the platform says (429 retry_after), and after repeated failure marked
 * failed. Leases make it safe to run in every instance. One transaction per round records the
 * deliveries that finished and leases the next, so a busy sender costs the database little per
 * message; rounds do not wait for each other's deliveries.
 */
export class OutboxSender {
  private readonly global: RateLimiter;
  private readonly perChat: RateLimiter;
  private running = false;
  private stopped = true;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while a round was running: the next round follows at once. */
  private woken = false;
  private loop: Promise<void> | undefined;
  /** Finished deliveries, recorded in the next round's transaction. */
  private results: Delivered[] = [];
  /** Deliveries under way, by conversation (their leases keep other rounds off them). */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The leases of deliveries under way: their messages, and until when they are held. */
  private readonly leases = new Map<string, { readonly ids: readonly number[]; until: number }>();
  private renewer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: Store,
    private readonly transport: ChannelTransport,
    private readonly log: Logger,
    private readonly options: SenderOptions,
  ) {
    this.global = new RateLimiter(Math.max(1, transport.globalPerSecond), transport.globalPerSecond, Date.now);
    this.perChat = new RateLimiter(transport.perChatBurst, transport.perChatPerSecond, Date.now);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
    // A third of a lease: a delivery still under way is held again well before its lease runs out.
    this.renewer = setInterval(() => void this.renewLeases(), Math.max(1000, Math.floor(this.options.leaseMs / 3)));
    this.renewer.unref();
  }

  /**
   * Holds the messages of deliveries that outlast a third of their lease for another lease: a
   * platform answering slowly, or a long pacing wait, must not let another instance (or a later
   * round) take them and send them twice. Costs nothing while deliveries are quick.
   */
  async renewLeases(): Promise<void> {
    const now = this.options.clock().getTime();
    const due = [...this.leases.values()].filter((l) => l.until - now < (this.options.leaseMs * 2) / 3);
    if (due.length === 0) return;
    const until = now + this.options.leaseMs;
    try {
      await this.store.transaction((r) =>
        r.outbox.renew(
          due.flatMap((l) => l.ids),
          new Date(until),
        ),
      );
      for (const lease of due) lease.until = until;
    } catch (error) {
      this.log.warn({ err: error, channel: this.transport.channel }, 'could not renew the leases of deliveries under way');
    }
  }

  /** Asks for a round now (new replies were queued, or a delivery finished). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewer);
    this.wake();
    await this.loop;
  }

  /**
   * Rounds without waiting for the slowest delivery: a conversation paced under the platform's
   * per-chat limit (or waiting on a slow answer) does not hold up the others. Each round records
   * the deliveries that finished and leases as many conversations as there is room for.
   */
  private async run(): Promise<void> {
    const maxInFlight = this.options.maxInFlight ?? this.options.conversationsPerRound * 4;
    while (!this.stopped) {
      let busy = false;
      try {
        const room = Math.min(this.options.conversationsPerRound, maxInFlight - this.inFlight.size);
        const { recorded, leased } = await this.step(room);
        busy = recorded + leased > 0;
        if (busy && leased < room && this.options.gatherMs) await sleep(this.options.gatherMs);
      } catch (error) {
        this.log.warn({ err: error, channel: this.transport.channel }, 'outbox round failed');
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() and wake() may have run during the awaits above
      if (!busy && !this.stopped && !this.woken) {
        const early = await new Promise<boolean>((resolve) => {
          this.wakeUp = () => resolve(true);
          setTimeout(() => resolve(false), this.options.idleMs);
        });
        this.wakeUp = undefined;
        // Woken by a reply: those that the turns of the next moments queue travel in the same round.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run while it slept
        if (early && this.options.gatherMs && !this.stopped) await sleep(this.options.gatherMs);
      }
      this.woken = false;
    }
    // Let what is on its way arrive, and record it before stopping.
    await Promise.all(this.inFlight.values());
    await this.store
      .transaction((r) => this.record(r, this.options.clock(), this.take()))
      .catch((error: unknown) => {
        this.log.warn({ err: error, channel: this.transport.channel }, 'could not record the last deliveries');
      });
  }

  /**
   * One round, waited for to the end (tests, and a caller that wants it done): records what the
   * previous rounds delivered and leases what is due now, in one transaction; then delivers it.
   * Returns how many conversations it handled (recorded or leased).
   */
  async round(): Promise<number> {
    const { recorded, leased } = await this.step(this.options.conversationsPerRound);
    await Promise.all(this.inFlight.values());
    return recorded + leased;
  }

  /** The finished deliveries, handed over for recording. */
  private take(): Delivered[] {
    const results = this.results;
    this.results = [];
    return results;
  }

  /** Records finished deliveries and leases up to `room` conversations, in one transaction; starts their delivery. */
  private async step(room: number): Promise<{ recorded: number; leased: number }> {
    if (this.running || (room <= 0 && this.results.length === 0)) return { recorded: 0, leased: 0 };
    this.running = true;
    const results = this.take();
    try {
      const now = this.options.clock();
      const batches = await this.store.transaction(async (r) => {
        await this.record(r, now, results);
        // Never a conversation still on its way from here: its lease may have run out while it waited.
        const busy = [...this.inFlight.keys()];
        return room > 0 ? r.outbox.lease(this.transport.channel, now, this.options.leaseMs, room, this.transport.batchSize, busy) : [];
      });
      // Recorded: their leases are over (held until now, in case the recording failed).
      for (const done of results) this.leases.delete(done.batch.conversationId);
      const until = now.getTime() + this.options.leaseMs;
      for (const batch of batches) {
        this.leases.set(batch.conversationId, { ids: batch.items.map((i) => i.id), until });
        const delivery = this.deliver(batch).then((done) => {
          this.results.push(done);
          this.inFlight.delete(batch.conversationId);
          this.wake();
        });
        this.inFlight.set(batch.conversationId, delivery);
      }
      return { recorded: results.length, leased: batches.length };
    } catch (error) {
      // Not recorded: kept for the next round (the leases still hold them).
      this.results = [...results, ...this.results];
      throw error;
    } finally {
      this.running = false;
    }
  }

  private async pace(key: string): Promise<void> {
    while (!this.perChat.take(key)) await sleep(50);
    while (!this.global.take('all')) await sleep(20);
  }

  /** Delivers one conversation's batch; what happened is recorded by the next round. */
  private async deliver(batch: OutboxBatch): Promise<Delivered> {
    const { items } = batch;
    const key = items[0]?.payload.to;
    if (key === undefined) return { batch, outcome: { delivered: 0 } };
    try {
      return { batch, outcome: await this.transport.deliver(items, () => this.pace(key), this.options.clock()) };
    } catch (error) {
      return {
        batch,
        outcome: { delivered: 0, failure: { kind: 'retry', error: error instanceof Error ? error.message : String(error) } },
      };
    }
  }

  /** Writes what finished deliveries did: everything sent at once, each failure on its own. */
  private async record(r: Repos, now: Date, results: readonly Delivered[]): Promise<void> {
    if (results.length === 0) return;
    await r.outbox.markSent(
      results.flatMap(({ batch, outcome }) => batch.items.slice(0, outcome.delivered).map((i) => i.id)),
      now,
    );
    let sent = 0;
    let failed = 0;
    let retried = 0;
    for (const { batch, outcome } of results) {
      sent += outcome.delivered;
      const rest = batch.items.slice(outcome.delivered);
      const failure = outcome.failure;
      const head = rest[0];
      if (!head) continue;
      const key = head.payload.to;
      const others = rest.slice(1).map((i) => i.id);
      if (!failure) {
        await r.outbox.retryAt(
          rest.map((i) => i.id),
          now,
          'not sent in this round',
        );
      } else if (failure.kind === 'blocked') {
        this.log.info({ channel: this.transport.channel, to: key }, 'user blocked the bot; not sending');
        await r.conversations.setBlocked(batch.conversationId, now);
        await r.outbox.failPending(batch.conversationId, `the user blocked the bot: ${failure.error}`);
        failed += rest.length;
      } else if (failure.kind === 'rejected' || head.attempts + 1 >= this.options.maxAttempts) {
        this.log.warn({ channel: this.transport.channel, to: key, error: failure.error, attempts: head.attempts + 1 }, 'message failed');
        await r.outbox.markFailed([head.id], failure.error);
        await r.outbox.retryAt(others, now, 'waiting behind a failed message');
        failed++;
      } else {
        const wait = failure.retryAfterMs ?? backoffMs(head.attempts + 1);
        await r.outbox.retryAt(
          rest.map((i) => i.id),
          new Date(now.getTime() + wait),
          failure.error,
          head.id,
        );
        retried++;
      }
    }
    this.options.onResult?.(sent, failed, retried);
  }
}
