import type { Recording } from '../ports/store.js';

/**
 * Records webhook events in groups: requests that arrive while a write is in flight are written
 * together by the next one (one statement for many events), and each caller resolves when its own
 * events are committed. Under load this turns many small writes into a few larger ones; alone, a
 * request is written at once, or after `gatherMs` (so that at a moderate rate a few travel together).
 */
export class GroupCommit {
  private queue: { messages: readonly Recording[]; resolve: (ids: (number | null)[]) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (messages: readonly Recording[]) => Promise<(number | null)[]>,
    private readonly maxEvents = 500,
    /** A request that finds nothing being written waits this long for others to join it (0: written at once). */
    private readonly gatherMs = 0,
  ) {}

  record(messages: readonly Recording[]): Promise<(number | null)[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      if (this.gatherMs > 0) setTimeout(() => void this.flush(), this.gatherMs);
      else void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const group: typeof this.queue = [];
      let count = 0;
      for (let next = this.queue[0]; next && (group.length === 0 || count + next.messages.length <= this.maxEvents); next = this.queue[0]) {
        this.queue.shift();
        group.push(next);
        count += next.messages.length;
      }
      try {
        const ids = await this.write(group.flatMap((g) => g.messages));
        let at = 0;
        for (const g of group) {
          g.resolve(ids.slice(at, at + g.messages.length));
          at += g.messages.length;
        }
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.writing = false;
  }
}
