import path from 'node:path';
import { inspect } from 'node:util';
import { DataFileError, formatProblem } from './domain/data-files.js';
import { ConfigError, type Config } from './config.js';
import { DataDirLockedError, STALE_AFTER_MS } from './storage/data-dir-lock.js';
import { WebBuildError } from './web-build.js';

/** The settings a start-up failure can be blamed on. */
export type StartupSettings = Pick<
  Config,
  'PORT' | 'HOST' | 'DATA_DIR' | 'ATTACHMENTS_DIR' | 'FLOWS_DIR' | 'DATABASE_URL' | 'DATABASE_POOL_SIZE'
>;

const PREFIX = 'fixline cannot start: ';

/**
 * What to print when fixline cannot start: for every failure an operator can fix, one line naming
 * the setting and what to do; a bad configuration or bad data files list each problem; anything
 * else is a bug, printed with its stack. `settings` is absent when the configuration did not parse.
 */
export function describeStartupError(error: unknown, settings?: StartupSettings): string {
  if (error instanceof ConfigError || error instanceof WebBuildError) return PREFIX + error.message;
  if (error instanceof DataFileError) {
    return `${PREFIX}the data files in ${settings?.FLOWS_DIR ?? 'FLOWS_DIR'} have problems:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
  }
  if (settings) {
    for (const cause of causes(error)) {
      const sentence = describe(cause, settings);
      if (sentence) return PREFIX + sentence;
    }
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : inspect(error);
  return `${PREFIX}unexpected error (a bug: please report it with what follows)\n${detail}`;
}

/** The error and what it wraps (drizzle's query errors, Node's AggregateError of several addresses). */
function causes(error: unknown): unknown[] {
  const found: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && found.length < 10) {
    const next = queue.shift();
    if (next === undefined || next === null || found.includes(next)) continue;
    found.push(next);
    if (typeof next === 'object') {
      const { cause, errors } = next as { cause?: unknown; errors?: unknown };
      if (cause !== undefined) queue.push(cause);
      if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
    }
  }
  return found;
}

interface ErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly syscall?: unknown;
  readonly path?: unknown;
  readonly hostname?: unknown;
  readonly message?: unknown;
}

/** Emscripten's errno numbers, as PGlite's file system throws them (`ErrnoError`, no message). */
const EMSCRIPTEN_ERRNO: Readonly<Record<number, string>> = {
  2: 'EACCES',
  19: 'EDQUOT',
  20: 'EEXIST',
  44: 'ENOENT',
  51: 'ENOSPC',
  54: 'ENOTDIR',
  63: 'EPERM',
  69: 'EROFS',
};

function describe(error: unknown, s: StartupSettings): string | undefined {
  if (error instanceof DataDirLockedError) return describeLock(error);
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorFields;
  const code = typeof e.code === 'string' ? e.code : undefined;

  // PGlite's own file system: always DATA_DIR.
  if (e.name === 'ErrnoError' && typeof e.errno === 'number' && code === undefined) {
    return describeFolder(EMSCRIPTEN_ERRNO[e.errno], { name: 'DATA_DIR', value: s.DATA_DIR });
  }
  if (code === undefined) return undefined;
  if (isSqlState(code))
    return s.DATABASE_URL
      ? describePostgres(code, e, s, s.DATABASE_URL)
      : code === '53100'
        ? describeFolder('ENOSPC', { name: 'DATA_DIR', value: s.DATA_DIR })
        : undefined;

  if (e.syscall === 'listen') return describeListen(code, s);
  if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && typeof e.hostname === 'string') {
    const db = s.DATABASE_URL ? new URL(s.DATABASE_URL) : undefined;
    if (e.hostname === db?.hostname)
      return `the PostgreSQL host "${db.hostname}" in DATABASE_URL=${redacted(db)} is not a known name; correct DATABASE_URL`;
    if (e.hostname === s.HOST) return `HOST=${s.HOST} is not a known name; set HOST to an address of this machine, or 0.0.0.0 for all`;
    return undefined;
  }
  if (s.DATABASE_URL && CONNECTION_FAILURES[code]) {
    const db = new URL(s.DATABASE_URL);
    return `cannot reach PostgreSQL at ${where(db)} (DATABASE_URL=${redacted(db)}): ${CONNECTION_FAILURES[code]}; start PostgreSQL there or correct DATABASE_URL`;
  }
  const folder = settingOf(e.path, s);
  return folder ? describeFolder(code, folder) : undefined;
}

const CONNECTION_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing accepts connections there',
  ETIMEDOUT: 'no answer',
  CONNECT_TIMEOUT: 'no answer',
  EHOSTUNREACH: 'no route to that host',
  ENETUNREACH: 'no route to that network',
  ECONNRESET: 'the connection was closed at once',
};

function describeFolder(code: string | undefined, setting: { name: string; value: string }): string | undefined {
  const named = `${setting.name}=${setting.value}`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${named} is not writable by the user fixline runs as; give that user write access to it, or set ${setting.name} to a folder it may write`;
    case 'EROFS':
      return `${named} is on a read-only file system; set ${setting.name} to a writable folder`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${named} is full; free some space there, or set ${setting.name} to a folder on a disk with room`;
    case 'EEXIST':
      return `${named} is a file, not a folder; set ${setting.name} to a folder (it is created if missing)`;
    case 'ENOTDIR':
      return `${named} is not a folder (it, or a folder above it, is a file); set ${setting.name} to a folder (it is created if missing)`;
    default:
      return undefined;
  }
}

/** Which folder setting a failing path belongs to. */
function settingOf(failed: unknown, s: StartupSettings): { name: string; value: string } | undefined {
  if (typeof failed !== 'string') return undefined;
  const contains = (dir: string) => within(failed, dir); // a folder above it could not be made
  if (s.ATTACHMENTS_DIR && within(s.ATTACHMENTS_DIR, failed)) return { name: 'ATTACHMENTS_DIR', value: s.ATTACHMENTS_DIR };
  if (within(s.DATA_DIR, failed) || contains(s.DATA_DIR)) return { name: 'DATA_DIR', value: s.DATA_DIR };
  if (s.ATTACHMENTS_DIR && contains(s.ATTACHMENTS_DIR)) return { name: 'ATTACHMENTS_DIR', value: s.ATTACHMENTS_DIR };
  if (within(s.FLOWS_DIR, failed)) return { name: 'FLOWS_DIR', value: s.FLOWS_DIR };
  return undefined;
}

/** Whether `inner` is `outer` or inside it. */
function within(outer: string, inner: string): boolean {
  const relative = path.relative(path.resolve(outer), path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function describeListen(code: string, s: StartupSettings): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `PORT=${s.PORT} is in use by another program (on HOST=${s.HOST}); stop it, or set PORT to a free port`;
    case 'EACCES':
      return s.PORT < 1024
        ? `PORT=${s.PORT} is below 1024, which this user may not listen on; set PORT to 1024 or above (a reverse proxy can take 80 and 443)`
        : `this user may not listen on HOST=${s.HOST} PORT=${s.PORT}; set another PORT or HOST`;
    case 'EADDRNOTAVAIL':
      return `HOST=${s.HOST} is not an address of this machine; set HOST to one of its addresses, or 0.0.0.0 for all`;
    default:
      return undefined;
  }
}

function describePostgres(code: string, e: ErrorFields, s: StartupSettings, url: string): string | undefined {
  const db = new URL(url);
  const name = decodeURIComponent(db.pathname.slice(1)) || decodeURIComponent(db.username) || 'postgres';
  const user = decodeURIComponent(db.username) || 'postgres';
  const at = `PostgreSQL at ${where(db)} (DATABASE_URL=${redacted(db)})`;
  const said = typeof e.message === 'string' ? e.message : code;
  switch (code) {
    case '3D000':
      return `${at} has no database "${name}"; create it (createdb ${name}) or correct DATABASE_URL`;
    case '28P01':
      return `${at} refused the password of user "${user}"; correct the password in DATABASE_URL`;
    case '28000':
      return `${at} refused user "${user}" (${said}); create that role or allow it in pg_hba.conf, or correct DATABASE_URL`;
    case '42501':
      return `${at}: user "${user}" may not create fixline's tables in database "${name}" (${said}); grant it (GRANT CREATE ON SCHEMA public TO ${user}) or use the database's owner`;
    case '53300':
      return `${at} has no free connections (${said}); raise its max_connections or lower DATABASE_POOL_SIZE=${s.DATABASE_POOL_SIZE}`;
    case '57P03':
      return `${at} is starting up or shutting down; start fixline again once it accepts connections`;
    case '53100':
      return `the disk of ${at} is full; free space on the database server`;
    default:
      return undefined;
  }
}

function describeLock(error: DataDirLockedError): string {
  const named = `DATA_DIR=${error.dir}`;
  const own = 'give this instance its own DATA_DIR (instances that share data need PostgreSQL: DATABASE_URL)';
  const o = error.owner;
  switch (error.reason) {
    case 'running':
      return `${named} is in use by another fixline (pid ${o?.pid}, since ${o?.started}); stop it, or ${own}`;
    case 'this-process':
      return `${named} is already open in this process; give each instance its own DATA_DIR`;
    case 'elsewhere':
      return `${named} is in use by fixline pid ${o?.pid} on ${o?.host} (lock renewed ${duration(error.ageMs)} ago; one not renewed for ${duration(STALE_AFTER_MS)} is taken over); stop it, or ${own}`;
    case 'not-renewing':
      return `${named} is locked by pid ${o?.pid}, which is running but has not renewed the lock for ${duration(error.ageMs)}; stop it, or if pid ${o?.pid} is not fixline, delete ${error.file}`;
    case 'starting':
      return `${named} is being opened by another fixline right now; stop it, or ${own}`;
  }
}

/** SQLSTATE codes are five digits or capitals; Node's codes begin with E (EPERM) or ERR_. */
function isSqlState(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E');
}

function where(db: URL): string {
  return `${db.hostname || 'localhost'}:${db.port || '5432'}`;
}

/** The URL without its password or options. */
function redacted(db: URL): string {
  return `${db.protocol}//${db.username ? `${db.username}@` : ''}${db.host}${db.pathname}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
