/**
 * A token bucket per key, in this instance's memory: enough to stop a runaway client without a
 * shared store (each instance behind the balancer limits separately).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    /** Milliseconds now (Date.now in production): the limiter reads no clock of its own. */
    private readonly clock: () => number,
  ) {}

  /** Takes one token; false when the key has none left. */
  take(key: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    bucket.at = now;
    if (this.buckets.size > 10_000) this.prune(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private prune(now: number): void {
    const full = this.capacity / this.refillPerSecond;
    for (const [key, b] of this.buckets) if ((now - b.at) / 1000 > full) this.buckets.delete(key);
  }
}
