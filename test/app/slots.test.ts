import { describe, expect, it } from 'vitest';
import { slots, within } from '../../src/app/slots.js';

describe('slots', () => {
  it('run at most their size at once, the rest in order, and free a slot when work fails', async () => {
    const bound = slots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (n: number) =>
      bound(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        order.push(n);
        if (n === 1) throw new Error('one');
        return n;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(job));
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await within(undefined, () => Promise.resolve('at once'))).toBe('at once');
  });
});
