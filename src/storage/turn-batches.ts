import type { ChannelName } from '../domain/messages.js';
import type { OpenedTurn, TurnRecord, TurnsRepo } from '../ports/store.js';
import type { Db } from './database.js';
import { DrizzleTurns } from './repositories/turns.js';
import { commitTurns } from './repositories/turn-commits.js';

/**
 * Gathers calls for `gatherMs` (or while the previous batch is in flight) and runs them together;
 * each caller resolves with its own answer.
 */
class Batcher<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly run: (inputs: In[]) => Promise<PromiseSettledResult<Out>[]>,
    private readonly gatherMs: number,
    private readonly max: number,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running) return;
      if (this.queue.length >= this.max) this.go();
      else this.timer ??= setTimeout(() => this.go(), this.gatherMs);
    });
  }

  private go(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.flush();
  }

  private async flush(): Promise<void> {
    this.running = true;
    // What arrived while a batch was in flight has waited long enough: it goes at once.
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.max);
      try {
        const outs = await this.run(batch.map((b) => b.input));
        batch.forEach((b, i) => {
          const out = outs[i];
          if (out?.status === 'fulfilled') b.resolve(out.value);
          else b.reject(out ? out.reason : new Error('a batch gave no answer'));
        });
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = false;
  }
}

/** Every answer of a batch that succeeded, or its error for each. */
async function settled<T>(all: Promise<T[]>, count: number): Promise<PromiseSettledResult<T>[]> {
  try {
    return (await all).map((value) => ({ status: 'fulfilled', value }));
  } catch (reason) {
    return Array.from({ length: count }, () => ({ status: 'rejected', reason }) as const);
  }
}

/**
 * The unlocked turns of many conversations share their round trips: the turns the processor takes
 * at once open their conversations in one statement and commit in another, so that a turn costs
 * the database a fraction of a transaction instead of two. Nothing changes for
 * a turn's guarantees: each commit is still conditional on its conversation not having moved
 * (`expectedSeq`), and a batch that fails is committed again one turn at a time, so that one
 * turn's error is its own. Locked opens (inside a transaction) are not batched.
 */
export class TurnBatches implements TurnsRepo {
  private readonly turns: DrizzleTurns;
  private readonly opens: Batcher<{ channel: ChannelName; externalKey: string }, OpenedTurn>;
  private readonly commits: Batcher<TurnRecord, number>;

  constructor(
    private readonly db: Db,
    gatherMs: number,
    max = 64,
  ) {
    this.turns = new DrizzleTurns(db);
    this.opens = new Batcher((keys) => settled(this.turns.openMany(keys), keys.length), gatherMs, max);
    this.commits = new Batcher((turns) => this.commitAll(turns), gatherMs, max);
  }

  open(channel: ChannelName, externalKey: string, options: { lock?: boolean } = {}): Promise<OpenedTurn> {
    if (options.lock) return this.turns.open(channel, externalKey, options);
    return this.opens.add({ channel, externalKey });
  }

  commit(turn: TurnRecord): Promise<number> {
    return this.commits.add(turn);
  }

  private async commitAll(turns: TurnRecord[]): Promise<PromiseSettledResult<number>[]> {
    const [only] = turns;
    if (only && turns.length === 1)
      return settled(
        this.turns.commit(only).then((n) => [n]),
        1,
      );
    if (new Set(turns.map((t) => t.conversationId)).size < turns.length) return this.oneByOne(turns);
    try {
      return (await commitTurns(this.db, turns)).map((value) => ({ status: 'fulfilled', value }));
    } catch {
      // Nothing of the batch was written: each turn on its own, so that an error is only its turn's.
      return this.oneByOne(turns);
    }
  }

  /** In order, each on its own (two turns of one conversation in a batch: not from the processor, which takes one at a time). */
  private async oneByOne(turns: readonly TurnRecord[]): Promise<PromiseSettledResult<number>[]> {
    const out: PromiseSettledResult<number>[] = [];
    for (const t of turns) {
      try {
        out.push({ status: 'fulfilled', value: await this.turns.commit(t) });
      } catch (reason) {
        out.push({ status: 'rejected', reason });
      }
    }
    return out;
  }
}
