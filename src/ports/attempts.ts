/** How a key of attempts is limited (see AttemptsRepo.take). */
export interface AttemptRule {
  readonly key: string;
  /** Attempts let through before each further one must wait. */
  readonly free: number;
  /** The count starts again after this long (once no wait is due). */
  readonly windowMs: number;
  /** The first wait, doubled by each further attempt up to `maxWaitMs`. */
  readonly firstWaitMs: number;
  readonly maxWaitMs: number;
}

export type AttemptVerdict =
  /** Let through and counted; the next attempt of the key waits `waitMs`. */
  | { readonly allowed: true; readonly count: number; readonly waitMs: number }
  /** Refused (not counted): try again after `retryAfterMs`. */
  | { readonly allowed: false; readonly count: number; readonly retryAfterMs: number };

/**
 * Attempts at guessing a secret (a password, a link code), counted in the database so that every
 * instance sees them: each `take` counts and decides in one statement, so that parallel attempts
 * cannot all pass the check before any is counted.
 */
export interface AttemptsRepo {
  take(rule: AttemptRule, now: Date): Promise<AttemptVerdict>;
  /** Gives an attempt back to each key (it succeeded, or another key refused it). */
  refund(keys: readonly string[], now: Date): Promise<void>;
  clear(keys: readonly string[]): Promise<void>;
  /** Forgets keys whose window has passed with no wait due; returns how many. */
  prune(now: Date): Promise<number>;
}
