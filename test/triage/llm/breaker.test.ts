import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/triage/llm/breaker.js';
import { ConcurrencyLimiter } from '../../../src/triage/llm/limiter.js';

describe('CircuitBreaker', () => {
  const breaker = () => new CircuitBreaker({ threshold: 3, coolDownMs: 1000 });

  it('opens after the threshold of failures in a row, and only then', () => {
    const b = breaker();
    expect(b.failure(0)).toBe(false);
    expect(b.failure(1)).toBe(false);
    expect(b.allow(2)).toBe(true);
    expect(b.failure(2)).toBe(true);
    expect(b.state(3)).toBe('open');
    expect(b.allow(500)).toBe(false);
  });

  it('a success in between starts the count again', () => {
    const b = breaker();
    b.failure(0);
    b.failure(1);
    b.success();
    expect(b.failure(2)).toBe(false);
    expect(b.state(2)).toBe('closed');
  });

  it('after the cool-down one trial call goes out; its success closes, its failure opens again', () => {
    const b = breaker();
    for (let t = 0; t < 3; t++) b.failure(t);
    expect(b.state(1002)).toBe('half_open');
    expect(b.allow(1002)).toBe(true);
    expect(b.allow(1003)).toBe(false);
    expect(b.failure(1004)).toBe(true);
    expect(b.allow(2003)).toBe(false);
    expect(b.allow(2004)).toBe(true);
    b.success();
    expect(b.state(2005)).toBe('closed');
    expect(b.allow(2005)).toBe(true);
  });

  it("a 429's retry-after holds the LLM back as long as it asks, even below the threshold", () => {
    const b = breaker();
    expect(b.failure(0, 5000)).toBe(true);
    expect(b.allow(4999)).toBe(false);
    expect(b.allow(5000)).toBe(true);
  });

  it('a late failure while already open is not a new opening', () => {
    const b = breaker();
    for (let t = 0; t < 3; t++) b.failure(t);
    expect(b.failure(10)).toBe(false);
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most max tasks at once; a waiting task gives up when its signal aborts', async () => {
    const limiter = new ConcurrencyLimiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const controller = new AbortController();
    const second = limiter.run(async () => 'second', controller.signal);
    const third = limiter.run(async () => 'third');
    expect(limiter.running).toBe(1);
    controller.abort(new Error('too late'));
    await expect(second).rejects.toThrow('too late');
    release();
    expect(await first).toBe('first');
    expect(await third).toBe('third');
    expect(limiter.running).toBe(0);
  });
});
