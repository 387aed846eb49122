import { HttpError } from '../web/errors.js';

/** One limit a new live stream must fit under: at most `cap` open at once under `key`. */
export interface StreamLimit {
  readonly key: string;
  readonly cap: number;
  /** Why it is refused when full (the 429's message). */
  readonly reason: string;
}

/**
 * Live streams (SSE) open at once, counted per key (a web chat session, a client address, an
 * agent's session) in this instance; a stream over any cap is refused with 429 before it opens.
 * Each open stream holds a file descriptor and wakes on every change of its conversation.
 */
export class StreamCaps {
  private readonly open = new Map<string, number>();

  /** Takes a place under every limit, or throws 429 naming the one that is full; returns the release. */
  take(limits: readonly StreamLimit[]): () => void {
    const full = limits.find((l) => (this.open.get(l.key) ?? 0) >= l.cap);
    if (full) throw new HttpError(429, 'too_many_streams', full.reason);
    for (const l of limits) this.open.set(l.key, (this.open.get(l.key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const l of limits) {
        const left = (this.open.get(l.key) ?? 1) - 1;
        if (left <= 0) this.open.delete(l.key);
        else this.open.set(l.key, left);
      }
    };
  }

  /** Streams open under a key (tests, metrics). */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
