import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DataDirLockedError,
  type FoundLock,
  judgeLock,
  LOCK_FILE,
  type LockIdentity,
  type LockOwner,
  lockDataDir,
  RENEW_MS,
  STALE_AFTER_MS,
  thisProcess,
} from '../../src/storage/data-dir-lock.js';

/** A pid that is certainly gone: a process that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

const me: LockIdentity = {
  pid: 100,
  host: 'desk-1',
  boot: 'boot-a',
  pidns: 'pid:[1]',
  processStart: 1_000_000,
  isAlive: (pid) => pid !== 666,
  now: () => 2_000_000,
};
const owner = (o: Partial<LockOwner> = {}): LockOwner => ({
  pid: 200,
  host: 'desk-1',
  started: '2026-01-01T00:00:00.000Z',
  boot: 'boot-a',
  pidns: 'pid:[1]',
  processStart: 900_000,
  ...o,
});
const found = (o: Partial<LockOwner> | null, ageMs = 1_000): FoundLock => ({ owner: o === null ? null : owner(o), ageMs });

describe('whether a lock found in DATA_DIR is still held', () => {
  it('on this machine, by the pid: a live one holds it, a dead one does not', () => {
    expect(judgeLock(found({}), me)).toEqual({ held: true, reason: 'running' });
    expect(judgeLock(found({ pid: 666 }), me)).toEqual({ held: false });
    // A live pid that stopped renewing is still refused (it may be a paused fixline), with its own message.
    expect(judgeLock(found({}, STALE_AFTER_MS + 1), me)).toEqual({ held: true, reason: 'not-renewing' });
  });

  it('its own pid: this process (refused), or an earlier process that had the pid (taken over)', () => {
    expect(judgeLock(found({ pid: 100, processStart: 1_000_300 }), me)).toEqual({ held: true, reason: 'this-process' });
    expect(judgeLock(found({ pid: 100, processStart: 400_000 }), me)).toEqual({ held: false });
  });

  it('after a reboot of this machine nothing of before runs', () => {
    expect(judgeLock(found({ boot: 'boot-b' }), me)).toEqual({ held: false });
  });

  it('another machine or container, whose pid means nothing here: held while renewed', () => {
    for (const elsewhere of [{ host: 'desk-2' }, { pidns: 'pid:[2]' }, { host: 'desk-2', boot: 'boot-b' }]) {
      expect(judgeLock(found({ ...elsewhere, pid: 666 }, STALE_AFTER_MS - 1), me)).toEqual({ held: true, reason: 'elsewhere' });
      expect(judgeLock(found({ ...elsewhere }, STALE_AFTER_MS + 1), me)).toEqual({ held: false });
    }
  });

  it('an empty or unreadable lock: being written just now, or left by a process that died writing it', () => {
    expect(judgeLock(found(null, 100), me)).toEqual({ held: true, reason: 'starting' });
    expect(judgeLock(found(null, 60_000), me)).toEqual({ held: false });
  });
});

describe('the lock file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-lock-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });
  const lockFile = () => path.join(dir, LOCK_FILE);
  const other = (pid: number): LockIdentity => ({ ...thisProcess(), pid, processStart: pid, isAlive: () => true });

  it('holds the owner (pid, host, start); a second opener is refused; released on close, and taken again', async () => {
    const lock = await lockDataDir(dir);
    const written = JSON.parse(await readFile(lockFile(), 'utf8')) as LockOwner;
    expect(written).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(Date.parse(written.started)).toBeGreaterThan(Date.now() - 60_000);

    await expect(lockDataDir(dir)).rejects.toMatchObject({ name: 'DataDirLockedError', reason: 'this-process' });
    await expect(lockDataDir(dir, other(process.ppid))).rejects.toMatchObject({ reason: 'running', owner: { pid: process.pid } });

    await lock.release();
    await lock.release();
    await expect(stat(lockFile())).rejects.toMatchObject({ code: 'ENOENT' });
    await (await lockDataDir(dir)).release();
  });

  it('refuses a lock held by another live process on this machine', async () => {
    await writeFile(lockFile(), JSON.stringify(ownerHere(process.ppid)));
    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect(refused).toMatchObject({ reason: 'running', owner: { pid: process.ppid } });
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.ppid });
  });

  it('takes over a lock whose process is gone, and says whose it was', async () => {
    const gone = deadPid();
    await writeFile(lockFile(), JSON.stringify(ownerHere(gone)));
    const lock = await lockDataDir(dir);
    expect(lock.tookOver).toMatchObject({ pid: gone });
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('of processes starting at once, exactly one wins — on an empty folder and on a stale lock', async () => {
    // Staggered by up to 4 ms, so that some find the lock while others are taking it.
    const staggered = (n: number, who: LockIdentity) =>
      new Promise((resolve) => setTimeout(resolve, n % 5)).then(() => lockDataDir(dir, who));
    const attempt = (n: number) =>
      staggered(n, other(1_000_000 + n)).then(
        (lock) => ({ lock }),
        (error: unknown) => ({ error }),
      );
    const first = await Promise.all(Array.from({ length: 20 }, (_, n) => attempt(n)));
    const winners = first.filter((r) => 'lock' in r);
    expect(winners).toHaveLength(1);
    expect(first.filter((r) => 'error' in r).every((r) => 'error' in r && r.error instanceof DataDirLockedError)).toBe(true);

    // The winner dies without releasing: a stale lock, found by 20 newcomers together.
    const gone = deadPid();
    await writeFile(lockFile(), JSON.stringify(ownerHere(gone)));
    const newcomer = (n: number): LockIdentity => ({ ...other(2_000_000 + n), isAlive: (pid) => pid !== gone });
    const second = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        staggered(n, newcomer(n)).then(
          (lock) => lock,
          () => null,
        ),
      ),
    );
    expect(second.filter(Boolean)).toHaveLength(1);
    const winner = second.findIndex(Boolean);
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: 2_000_000 + winner });
    for (const lock of [...winners.map((w) => ('lock' in w ? w.lock : null)), ...second]) await lock?.release();
  });

  it('an empty lock file: refused while young (its owner is writing it), taken over when old', async () => {
    await writeFile(lockFile(), '');
    await expect(lockDataDir(dir)).rejects.toMatchObject({ reason: 'starting' });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile(), old, old);
    await (await lockDataDir(dir)).release();
  });

  it('is renewed while held, and a release leaves a lock that is no longer its own', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lock = await lockDataDir(dir);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile(), old, old);
    vi.advanceTimersByTime(RENEW_MS);
    await vi.waitFor(async () => expect((await stat(lockFile())).mtimeMs).toBeGreaterThan(Date.now() - 10_000));

    await writeFile(lockFile(), JSON.stringify(owner({ host: 'desk-2' }))); // taken over meanwhile
    await lock.release();
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ host: 'desk-2' });
  });
});

/** A lock as a process of this machine (and pid namespace) writes it. */
function ownerHere(pid: number): LockOwner {
  const { host, boot, pidns } = thisProcess();
  return { pid, host, started: new Date().toISOString(), ...(boot ? { boot } : {}), ...(pidns ? { pidns } : {}), processStart: 1 };
}
