import { readFileSync, readlinkSync } from 'node:fs';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * One fixline per PGlite folder: two processes writing one embedded database lose acknowledged
 * writes. The owner writes `fixline.lock` (created atomically, O_EXCL) and renews its time every
 * few seconds; a lock whose owner is gone is taken over.
 */
export const LOCK_FILE = 'fixline.lock';
/** How often the owner touches its lock. */
export const RENEW_MS = 5_000;
/** A lock not renewed for this long, whose owner cannot be checked by pid, is taken over. */
export const STALE_AFTER_MS = 30_000;
/** A lock file still empty after this long was left by a process that died while creating it. */
const UNREADABLE_GRACE_MS = 5_000;
/** The takeover of a stale lock is serialised by a second file, held for milliseconds. */
const TAKEOVER_STALE_MS = 10_000;

/** What the lock file holds. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** When this owner took the lock (ISO). */
  readonly started: string;
  /** Linux: the kernel's boot id; another boot means the owner is gone. */
  readonly boot?: string;
  /** Linux: the owner's pid namespace; only in the same one does its pid mean anything here. */
  readonly pidns?: string;
  /** When the owner's process started (ms since the epoch, ±1 s): tells this process from an earlier one with its pid. */
  readonly processStart: number;
}

/** Who is asking, and how to tell whether a pid lives (injected by tests). */
export interface LockIdentity {
  readonly pid: number;
  readonly host: string;
  readonly boot?: string;
  readonly pidns?: string;
  readonly processStart: number;
  isAlive(pid: number): boolean;
  now(): number;
}

/** Why a lock is held: what the refusal says. */
export type HeldReason =
  | 'running' // a live pid on this machine, renewing its lock
  | 'not-renewing' // a live pid on this machine that has not renewed its lock (maybe not fixline)
  | 'this-process' // opened earlier by this very process
  | 'elsewhere' // another machine or container, renewed recently
  | 'starting'; // the lock file is being written right now

export type Verdict = { readonly held: true; readonly reason: HeldReason } | { readonly held: false };

/** A lock file as found: its owner (null when empty or unreadable) and how long ago it was renewed. */
export interface FoundLock {
  readonly owner: LockOwner | null;
  readonly ageMs: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: HeldReason,
    readonly owner: LockOwner | null,
    readonly ageMs: number,
  ) {
    super(`${dir} is locked by another fixline (${reason}${owner ? `, pid ${owner.pid} on ${owner.host}` : ''})`);
    this.name = 'DataDirLockedError';
  }
  get file(): string {
    return path.join(this.dir, LOCK_FILE);
  }
}

/** Whether a lock found in the folder still belongs to a living fixline (pure but for `isAlive`). */
export function judgeLock(found: FoundLock, me: LockIdentity): Verdict {
  const { owner, ageMs } = found;
  if (!owner) return ageMs < UNREADABLE_GRACE_MS ? { held: true, reason: 'starting' } : { held: false };
  if (owner.host === me.host && owner.boot !== undefined && me.boot !== undefined && owner.boot !== me.boot) return { held: false };
  if (owner.host === me.host && owner.pidns === me.pidns) {
    // The same pid: this process, or an earlier one that had its pid (reused since).
    if (owner.pid === me.pid)
      return Math.abs(owner.processStart - me.processStart) < 1_000 ? { held: true, reason: 'this-process' } : { held: false };
    if (!me.isAlive(owner.pid)) return { held: false };
    return { held: true, reason: ageMs < STALE_AFTER_MS ? 'running' : 'not-renewing' };
  }
  return ageMs < STALE_AFTER_MS ? { held: true, reason: 'elsewhere' } : { held: false };
}

/** A held lock: renewed until released. */
export interface DataDirLock {
  readonly file: string;
  /** The owner of the stale lock this one replaced, if any (worth a warning in the log). */
  readonly tookOver?: LockOwner;
  release(): Promise<void>;
}

/**
 * Takes the folder's lock, or throws a DataDirLockedError saying who holds it. Safe against
 * several processes starting at once: exactly one wins, also when they find the same stale lock.
 */
export async function lockDataDir(dir: string, me: LockIdentity = thisProcess()): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: me.pid,
    host: me.host,
    started: new Date(me.now()).toISOString(),
    ...(me.boot ? { boot: me.boot } : {}),
    ...(me.pidns ? { pidns: me.pidns } : {}),
    processStart: me.processStart,
  };
  const content = `${JSON.stringify(owner)}\n`;
  let tookOver: LockOwner | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await createExclusive(file, content)) return held(file, content, tookOver);
    const found = await readWritten(file, me);
    if (!found) continue; // released meanwhile
    const verdict = judgeLock(found, me);
    if (verdict.held) throw new DataDirLockedError(dir, verdict.reason, found.owner, found.ageMs);
    tookOver = found.owner ?? undefined; // stale: whoever removes it, the winner replaces it
    if (!(await removeIfUnchanged(file, found, me.now()))) await sleep(10 + Math.random() * 20); // another is at it: look again
  }
  throw new DataDirLockedError(dir, 'starting', null, 0);
}

/** This process as the lock sees it (Linux adds boot id and pid namespace). */
export function thisProcess(): LockIdentity {
  return {
    pid: process.pid,
    host: os.hostname(),
    ...optional('boot', () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    ...optional('pidns', () => readlinkSync('/proc/self/ns/pid')),
    processStart: Math.round(Date.now() - process.uptime() * 1_000),
    isAlive: pidIsAlive,
    now: () => Date.now(),
  };
}

function optional<K extends string>(key: K, read: () => string): Partial<Record<K, string>> {
  try {
    return { [key]: read() } as Record<K, string>;
  } catch {
    return {};
  }
}

/** A pid that answers signal 0 and is not a zombie. */
function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: signal 0 is all we know
  }
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

type ReadLock = FoundLock & { readonly raw: string; readonly mtimeMs: number };

/** The lock file once its owner has written it: an empty one just created is read again for up to 1 s. */
async function readWritten(file: string, me: LockIdentity): Promise<ReadLock | null> {
  let found = await readLock(file, me.now());
  for (let waits = 0; found?.owner === null && judgeLock(found, me).held && waits < 50; waits++) {
    await sleep(20);
    found = await readLock(file, me.now());
  }
  return found;
}

async function readLock(file: string, now: number): Promise<ReadLock | null> {
  try {
    const [raw, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { owner: parseOwner(raw), ageMs: Math.max(0, now - info.mtimeMs), raw, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.processStart === 'number'
      ? (value as LockOwner)
      : null;
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock if it still holds what was judged stale, under a takeover file so that
 * two processes never remove each other's fresh locks. False: another process is at it.
 */
async function removeIfUnchanged(file: string, judged: ReadLock, now: number): Promise<boolean> {
  const mutex = `${file}.takeover`;
  if (!(await createExclusive(mutex, `${process.pid}\n`))) {
    const info = await stat(mutex).catch(() => null);
    if (info && now - info.mtimeMs > TAKEOVER_STALE_MS) await unlink(mutex).catch(() => undefined);
    return false;
  }
  try {
    const current = await readLock(file, now);
    if (current && (current.raw !== judged.raw || current.mtimeMs !== judged.mtimeMs)) return false; // renewed or replaced
    if (current) await unlink(file);
    return true;
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

function held(file: string, content: string, tookOver: LockOwner | undefined): DataDirLock {
  const renew = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, RENEW_MS);
  renew.unref();
  let released: Promise<void> | undefined;
  return {
    file,
    ...(tookOver ? { tookOver } : {}),
    release: () =>
      (released ??= (async () => {
        clearInterval(renew);
        // Only our own lock: a lock someone else took over after a long pause stays theirs.
        if ((await readFile(file, 'utf8').catch(() => null)) === content) await unlink(file).catch(() => undefined);
      })()),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
