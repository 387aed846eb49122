/**
 * A circuit breaker over the LLM: after `threshold` failures in a row it opens and the LLM is
 * skipped for `coolDownMs` (or as long as a 429's retry-after asks, when longer); the first call
 * after that is a trial: success closes it, failure opens it again. Time is passed in (pure state).
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  readonly threshold: number;
  readonly coolDownMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trial = false;

  constructor(private readonly options: BreakerOptions) {}

  state(now: number): BreakerState {
    if (this.openUntil === 0) return 'closed';
    return now < this.openUntil || this.trial ? 'open' : 'half_open';
  }

  /** Whether a call may go out now; in half-open state only one trial call at a time. */
  allow(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    this.trial = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.trial = false;
  }

  /** Records a failure; true when this failure opened the breaker (it was not open before). */
  failure(now: number, retryAfterMs = 0): boolean {
    this.failures += 1;
    const wasTrial = this.trial;
    this.trial = false;
    const wasOpen = this.openUntil !== 0 && !wasTrial;
    if (wasTrial || this.failures >= this.options.threshold) {
      this.openUntil = Math.max(this.openUntil, now + Math.max(this.options.coolDownMs, retryAfterMs));
    } else if (retryAfterMs > 0) {
      // Below the threshold, a 429's retry-after alone holds the LLM back for as long as it asks.
      this.openUntil = Math.max(this.openUntil, now + retryAfterMs);
    }
    return this.openUntil > now && !wasOpen;
  }
}
