import type { Logger } from 'pino';
import type { ChannelName } from '../domain/messages.js';
import { type PipelineDeps, processConversation } from './process-conversation.js';

export interface ProcessorOptions {
  /** How often to look for events nobody processed (a crash, another instance). */
  readonly sweepEveryMs: number;
  /** Events older than this and still unprocessed are picked up by the sweep. */
  readonly stalledAfterMs: number;
  /** After this many failed attempts, events are recorded and the user told, without the flow. */
  readonly maxAttempts: number;
}

/** What runs around each processing: fetching photos before, waking the senders after. */
export interface ProcessorHooks {
  readonly before?: (channel: ChannelName, conversationKey: string) => Promise<void>;
  /** After a run that processed `events` events of a conversation of the channel. */
  readonly after?: (channel: ChannelName, events: number) => void;
  /** A webhook or the web chat recorded events (for /metrics). */
  readonly received?: (channel: ChannelName, accepted: number, duplicates: number) => void;
}

/** The error and its causes, as one line for the event's record. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e));
  }
  return parts.join(' ← caused by ');
}

const key = (channel: ChannelName, conversationKey: string) => `${channel}\u0000${conversationKey}`;

/**
 * Processes conversations in the background: at most one run per conversation at a time in this
 * instance (the database lock covers other instances), a run again when more arrived meanwhile,
 * and a periodic sweep for anything left behind.
 */
export class ConversationProcessor {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly log: Logger,
    private readonly options: ProcessorOptions,
    private readonly hooks: ProcessorHooks = {},
  ) {}

  /** Counts recorded events (see ProcessorHooks.received). */
  counted(channel: ChannelName, accepted: number, duplicates: number): void {
    this.hooks.received?.(channel, accepted, duplicates);
  }

  /** Schedules the conversation; returns when this instance has processed what it holds. */
  kick(channel: ChannelName, conversationKey: string): Promise<void> {
    const k = key(channel, conversationKey);
    const current = this.running.get(k);
    if (current) {
      this.again.add(k);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(k);
          await this.once(channel, conversationKey);
        } while (this.again.has(k));
      } finally {
        this.running.delete(k);
      }
    })();
    this.running.set(k, run);
    return run;
  }

  private async once(channel: ChannelName, conversationKey: string): Promise<void> {
    try {
      await this.hooks.before?.(channel, conversationKey);
      const { processed } = await processConversation(this.deps, channel, conversationKey);
      this.hooks.after?.(channel, processed.length);
    } catch (error) {
      const message = describeError(error);
      this.log.error({ err: error, channel, conversationKey }, 'processing a conversation failed');
      try {
        const attempts = await this.deps.store.transaction(async (repos) => {
          const pending = await repos.inbound.pending(channel, conversationKey);
          return repos.inbound.markFailed(pending.map((p) => p.id), message);
        });
        if (attempts >= this.options.maxAttempts) {
          const { processed } = await processConversation(this.deps, channel, conversationKey, { safe: true });
          this.hooks.after?.(channel, processed.length);
        }
      } catch (second) {
        // The database is unreachable: the sweep will try again when it is back.
        this.log.error({ err: second, channel, conversationKey }, 'could not record the failure');
      }
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
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}
