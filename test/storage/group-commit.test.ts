import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/messages.js';
import { PlacesCache } from '../../src/storage/cached-places.js';
import { GroupCommit } from '../../src/storage/group-commit.js';

const msg = (externalId: string) => ({ externalId }) as InboundMessage;

describe('group commit of webhook events', () => {
  it('writes requests that arrive during a write together, and answers each with its own ids', async () => {
    const writes: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const groups = new GroupCommit(async (messages) => {
      writes.push(messages.map((m) => m.externalId));
      if (writes.length === 1) await gate;
      return messages.map((m, i) => (m.externalId === 'dup' ? null : i + 1));
    });
    const first = groups.record([msg('a')]);
    const second = groups.record([msg('b'), msg('dup')]);
    const third = groups.record([msg('c')]);
    release();
    expect(await first).toEqual([1]);
    expect(await second).toEqual([1, null]);
    expect(await third).toEqual([3]);
    expect(writes).toEqual([['a'], ['b', 'dup', 'c']]);
  });

  it('a failed write fails every request of its group, and the next group still goes', async () => {
    let calls = 0;
    const groups = new GroupCommit(async (messages) => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return messages.map(() => 7);
    });
    await expect(groups.record([msg('a')])).rejects.toThrow('database down');
    expect(await groups.record([msg('b')])).toEqual([7]);
  });
});

describe('places cache', () => {
  it('answers from memory until the time is up, and forgets failures', async () => {
    let now = 0;
    let loads = 0;
    const cache = new PlacesCache(30_000, () => now);
    const load = async () => ++loads;
    expect(await cache.get('sites', load)).toBe(1);
    now = 29_000;
    expect(await cache.get('sites', load)).toBe(1);
    now = 31_000;
    expect(await cache.get('sites', load)).toBe(2);
    await expect(cache.get('bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cache.get('bad', async () => 'ok')).toBe('ok');
  });
});
