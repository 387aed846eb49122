import type { Logger } from 'pino';
import type { ChannelName } from '../domain/messages.js';
import { runTurn, type TurnDeps, type TurnOutcome } from './turn.js';

export interface ProcessorOptions {
  /** How often to look for events nobody processed (a crash, another instance). */
  readonly sweepEveryMs: number;
  /** Events older than this and still unprocessed are picked up by the sweep. */
  readonly stalledAfterMs: number;
  /** After this many failed attempts, events are recorded and the user told, without the flow. */
  readonly maxAttempts: number;
  /** Conversations processed at once (keep it under the database pool's size). */
  readonly concurrency: number;
}

/** What runs around turns: fetching photos when a turn needs them, waking the senders after. */
export interface ProcessorHooks {
  /** Fetches the photos a conversation's waiting events refer to (outside any transaction). */
  readonly fetchMedia?: (channel: ChannelName, conversationKey: string) => Promise<void>;
  /** After a turn that processed `events` events of a conversation of the channel. */
  readonly after?: (channel: ChannelName, events: number) => void;
  /** A webhook or the web chat recorded events (for /metrics). */
  readonly received?: (channel: ChannelName, accepted: number, duplicates: number) => void;
}

/** The error and its causes, as one line for the event's record. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown non-Error is recorded as String() shows it
    parts.push(e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e));
  }
  return parts.join(' ← caused by ');
}

const key = (channel: ChannelName, conversationKey: string) => `${channel}\u0000${conversationKey}`;

/**
 * Tries at one turn, counting those taken again after fetching photos (only before the
 * MEDIA_TRIES-th) and those taken again because another instance took the events first.
 */
const TRIES = 5;
const MEDIA_TRIES = 3;

/** Events a turn processed (none when it stopped for photos that could not be fetched). */
const processedBy = (outcome: Exclude<TurnOutcome, { kind: 'moved' }>) => (outcome.kind === 'done' ? outcome.processed.length : 0);

/** A conversation scheduled for a turn, or taking it. */
interface Job {
  readonly channel: ChannelName;
  readonly conversationKey: string;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  /** More arrived during its turn: take one more. */
  again: boolean;
}

/**
 * Schedules turns over conversations, in the background work: at most one turn per conversation
 * at a time in this instance (the database lock covers other instances), another when more
 * arrived meanwhile, and a periodic sweep for anything left behind.
 */
export class ConversationProcessor {
  /** Conversations scheduled or taking their turn, by key; never two turns of one at once here. */
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly deps: TurnDeps,
    private readonly log: Logger,
    private readonly options: ProcessorOptions,
    private readonly hooks: ProcessorHooks = {},
  ) {}

  /** Counts recorded events (see ProcessorHooks.received). */
  counted(channel: ChannelName, accepted: number, duplicates: number): void {
    this.hooks.received?.(channel, accepted, duplicates);
  }

  /**
   * Schedules a turn over the conversation; resolves when this instance has processed what it
   * holds. At most `concurrency` turns are taken at once: the rest wait in order, so a
   * burst queues here instead of piling onto the database's connections.
   */
  kick(channel: ChannelName, conversationKey: string): Promise<void> {
    const k = key(channel, conversationKey);
    const existing = this.jobs.get(k);
    if (existing) {
      existing.again = true;
      return existing.done;
    }
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const job: Job = { channel, conversationKey, done, resolve, again: false };
    this.jobs.set(k, job);
    this.waiting.push(job);
    this.pump();
    return done;
  }

  private pump(): void {
    while (this.active < this.options.concurrency) {
      const job = this.waiting.shift();
      if (!job) return;
      this.active++;
      void this.work(job);
    }
  }

  private async work(job: Job): Promise<void> {
    try {
      do {
        job.again = false;
        await this.once(job.channel, job.conversationKey);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- kick() sets it while once() is awaited
      } while (job.again);
    } finally {
      this.jobs.delete(key(job.channel, job.conversationKey));
      this.active--;
      job.resolve();
      this.pump();
    }
  }

  private async once(channel: ChannelName, conversationKey: string): Promise<void> {
    let failure: unknown;
    try {
      const outcome = await this.turn(channel, conversationKey);
      if (outcome.kind !== 'moved') {
        this.hooks.after?.(channel, processedBy(outcome));
        return;
      }
      failure = new Error(`other turns handled these events first, ${TRIES} times over`);
    } catch (error) {
      failure = error;
    }
    const message = describeError(failure);
    this.log.error({ err: failure, channel, conversationKey }, 'processing a conversation failed');
    try {
      const attempts = await this.deps.store.transaction(async (repos) => {
        const pending = await repos.inbound.pending(channel, conversationKey);
        return repos.inbound.markFailed(
          pending.map((p) => p.id),
          message,
        );
      });
      if (attempts >= this.options.maxAttempts) {
        const outcome = await runTurn(this.deps, channel, conversationKey, { safe: true });
        if (outcome.kind !== 'moved') this.hooks.after?.(channel, processedBy(outcome));
      }
    } catch (second) {
      // The database is unreachable: the sweep will try again when it is back.
      this.log.error({ err: second, channel, conversationKey }, 'could not record the failure');
    }
  }

  /** One turn, taken again after its photos are fetched, or when another instance took the events first. */
  private async turn(channel: ChannelName, conversationKey: string): Promise<TurnOutcome> {
    for (let tries = 1; ; tries++) {
      const outcome = await runTurn(this.deps, channel, conversationKey);
      if (outcome.kind === 'needs-media' && tries < MEDIA_TRIES) {
        // Photos are fetched outside any transaction, then the turn is taken again.
        await this.hooks.fetchMedia?.(channel, conversationKey);
        continue;
      }
      // Another instance took these events first: look again at what is left.
      if (outcome.kind === 'moved' && tries < TRIES) continue;
      return outcome;
    }
  }

  /** Picks up conversations with events left unprocessed. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const before = new Date(this.deps.clock().getTime() - this.options.stalledAfterMs);
      const stalled = await this.deps.store.read.inbound.stalled(before, 100);
      await Promise.all(stalled.map((s) => this.kick(s.channel, s.conversationKey)));
    } catch (error) {
      this.log.warn({ err: error }, 'sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.options.sweepEveryMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for the runs in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Resolves when nothing is being processed in this instance. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }
}
