import { DrizzleQueryError } from 'drizzle-orm/errors';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/data-files.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { describeStartupError, type StartupSettings } from '../../src/startup-errors.js';
import { DataDirLockedError, type LockOwner } from '../../src/storage/data-dir-lock.js';

// Every start-up failure an operator can fix, as the libraries raise it, becomes one line naming
// the setting and what to do. These errors are built the way Node, PGlite and postgres.js build them.

const env = { DATA_DIR: '/srv/fixline/data', FLOWS_DIR: '/srv/fixline/flows', PORT: '3000', HOST: '0.0.0.0' };
const pglite: StartupSettings = parseConfig(env);
const withPostgres: StartupSettings = parseConfig({
  ...env,
  DATABASE_URL: 'postgres://desk:s3cret-pass@db.internal:5433/fixline?sslmode=disable',
  DATABASE_POOL_SIZE: '10',
});

/** A Node system error (fs, net, dns), with the fields Node gives it. */
function systemError(code: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`${code}: ${JSON.stringify(fields)}`), { code, errno: -1, ...fields });
}
/** What PGlite's file system throws: Emscripten's ErrnoError, not an Error, with no message. */
class ErrnoError {
  readonly name = 'ErrnoError';
  constructor(readonly errno: number) {}
}
const postgresError = (code: string, message: string) => new postgres.PostgresError({ code, message, severity: 'FATAL' } as never);

function line(error: unknown, settings: StartupSettings = pglite): string {
  const text = describeStartupError(error, settings);
  expect(text).toMatch(/^fixline cannot start: /);
  expect(text).not.toContain('\n');
  expect(text).not.toContain('s3cret-pass');
  return text;
}

describe('a DATA_DIR fixline cannot use', () => {
  it('read-only: PGlite errno 69 (EROFS), or Node EROFS on the lock file or the folder', () => {
    const expected =
      /^fixline cannot start: DATA_DIR=\/srv\/fixline\/data is on a read-only file system; set DATA_DIR to a writable folder$/;
    expect(line(new ErrnoError(69))).toMatch(expected);
    expect(line(systemError('EROFS', { syscall: 'open', path: '/srv/fixline/data/fixline.lock' }))).toMatch(expected);
    expect(line(systemError('EROFS', { syscall: 'mkdir', path: '/srv/fixline' }))).toMatch(expected); // a folder above it
  });

  it('not writable by this user: PGlite errno 2 (EACCES) or 63 (EPERM), Node EACCES', () => {
    const expected =
      /DATA_DIR=\/srv\/fixline\/data is not writable by the user fixline runs as; give that user write access to it, or set DATA_DIR/;
    for (const error of [
      new ErrnoError(2),
      new ErrnoError(63),
      systemError('EACCES', { syscall: 'open', path: '/srv/fixline/data/fixline.lock' }),
    ]) {
      expect(line(error)).toMatch(expected);
    }
  });

  it('on a full disk: PGlite errno 51 (ENOSPC) or 19 (EDQUOT), Node ENOSPC, PGlite SQLSTATE 53100', () => {
    const expected =
      /^fixline cannot start: the disk holding DATA_DIR=\/srv\/fixline\/data is full; free some space there, or set DATA_DIR to a folder on a disk with room$/;
    for (const error of [
      new ErrnoError(51),
      new ErrnoError(19),
      systemError('ENOSPC', { syscall: 'write', path: '/srv/fixline/data/fixline.lock' }),
      Object.assign(new Error('could not extend file'), { code: '53100' }),
    ]) {
      expect(line(error)).toMatch(expected);
    }
  });

  it('a file, or under a file', () => {
    expect(line(systemError('EEXIST', { syscall: 'mkdir', path: '/srv/fixline/data' }))).toBe(
      'fixline cannot start: DATA_DIR=/srv/fixline/data is a file, not a folder; set DATA_DIR to a folder (it is created if missing)',
    );
    expect(line(systemError('ENOTDIR', { syscall: 'mkdir', path: '/srv/fixline/data/attachments' }))).toBe(
      'fixline cannot start: DATA_DIR=/srv/fixline/data is not a folder (it, or a folder above it, is a file); set DATA_DIR to a folder (it is created if missing)',
    );
    expect(line(new ErrnoError(54))).toMatch(/DATA_DIR=\/srv\/fixline\/data is not a folder/);
  });

  it('names ATTACHMENTS_DIR when the failing path is there', () => {
    const settings = { ...pglite, ATTACHMENTS_DIR: '/mnt/photos' };
    expect(line(systemError('EACCES', { syscall: 'mkdir', path: '/mnt/photos/ab' }), settings)).toMatch(
      /^fixline cannot start: ATTACHMENTS_DIR=\/mnt\/photos is not writable/,
    );
  });
});

describe('DATA_DIR in use by another fixline', () => {
  const owner: LockOwner = { pid: 4242, host: 'desk-1', started: '2026-03-01T08:00:00.000Z', processStart: 1 };
  const locked = (reason: DataDirLockedError['reason'], ageMs = 2_000, who: LockOwner | null = owner) =>
    new DataDirLockedError('/srv/fixline/data', reason, who, ageMs);

  it('says which process holds it and what to do', () => {
    expect(line(locked('running'))).toBe(
      'fixline cannot start: DATA_DIR=/srv/fixline/data is in use by another fixline (pid 4242, since 2026-03-01T08:00:00.000Z); stop it, or give this instance its own DATA_DIR (instances that share data need PostgreSQL: DATABASE_URL)',
    );
    expect(line(locked('elsewhere', 3_000, { ...owner, host: 'desk-2' }))).toMatch(
      /DATA_DIR=\/srv\/fixline\/data is in use by fixline pid 4242 on desk-2 \(lock renewed 3 s ago; one not renewed for 30 s is taken over\); stop it/,
    );
    expect(line(locked('not-renewing', 3 * 3_600_000))).toMatch(
      /locked by pid 4242, which is running but has not renewed the lock for 3 h; stop it, or if pid 4242 is not fixline, delete \/srv\/fixline\/data\/fixline\.lock$/,
    );
    expect(line(locked('this-process'))).toMatch(/DATA_DIR=\/srv\/fixline\/data is already open in this process/);
    expect(line(locked('starting', 0, null))).toMatch(/DATA_DIR=\/srv\/fixline\/data is being opened by another fixline right now/);
  });
});

describe('the HTTP port and address', () => {
  const listen = (code: string) => systemError(code, { syscall: 'listen', address: '0.0.0.0', port: 3000 });
  it('in use, not allowed, not of this machine, not a name', () => {
    expect(line(listen('EADDRINUSE'))).toBe(
      'fixline cannot start: PORT=3000 is in use by another program (on HOST=0.0.0.0); stop it, or set PORT to a free port',
    );
    expect(line(listen('EACCES'), { ...pglite, PORT: 80 })).toMatch(
      /PORT=80 is below 1024, which this user may not listen on; set PORT to 1024 or above/,
    );
    expect(line(listen('EACCES'))).toMatch(/this user may not listen on HOST=0\.0\.0\.0 PORT=3000/);
    expect(line(listen('EADDRNOTAVAIL'), { ...pglite, HOST: '192.0.2.1' })).toMatch(
      /HOST=192\.0\.2\.1 is not an address of this machine; set HOST to one of its addresses, or 0\.0\.0\.0 for all/,
    );
    expect(line(systemError('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'desk.local' }), { ...pglite, HOST: 'desk.local' })).toMatch(
      /HOST=desk\.local is not a known name/,
    );
  });
});

describe('PostgreSQL (DATABASE_URL), without showing its password', () => {
  const at = 'PostgreSQL at db.internal:5433 (DATABASE_URL=postgres://desk@db.internal:5433/fixline)';
  it('unreachable: refused, timed out, no route, an unknown host — also wrapped by drizzle or as an AggregateError', () => {
    const refused = systemError('ECONNREFUSED', { syscall: 'connect', address: '10.0.0.5', port: 5433 });
    const expected = `fixline cannot start: cannot reach ${at}: nothing accepts connections there; start PostgreSQL there or correct DATABASE_URL`;
    expect(line(refused, withPostgres)).toBe(expected);
    expect(line(new DrizzleQueryError('select 1', [], refused), withPostgres)).toBe(expected);
    expect(line(Object.assign(new AggregateError([refused, refused]), { code: 'ECONNREFUSED' }), withPostgres)).toBe(expected);
    expect(line(new AggregateError([refused]), withPostgres)).toBe(expected);
    expect(line(systemError('CONNECT_TIMEOUT', { address: 'db.internal', port: 5433 }), withPostgres)).toMatch(
      /cannot reach PostgreSQL at db\.internal:5433 .*: no answer;/,
    );
    expect(line(systemError('EHOSTUNREACH', { syscall: 'connect' }), withPostgres)).toMatch(/: no route to that host;/);
    expect(line(systemError('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'db.internal' }), withPostgres)).toBe(
      'fixline cannot start: the PostgreSQL host "db.internal" in DATABASE_URL=postgres://desk@db.internal:5433/fixline is not a known name; correct DATABASE_URL',
    );
  });

  it('refused by the server: no such database, wrong password, unknown role, no rights, no free connections, starting up, full disk', () => {
    expect(line(postgresError('3D000', 'database "fixline" does not exist'), withPostgres)).toBe(
      `fixline cannot start: ${at} has no database "fixline"; create it (createdb fixline) or correct DATABASE_URL`,
    );
    expect(line(postgresError('28P01', 'password authentication failed for user "desk"'), withPostgres)).toMatch(
      /refused the password of user "desk"; correct the password in DATABASE_URL$/,
    );
    expect(line(postgresError('28000', 'role "desk" does not exist'), withPostgres)).toMatch(
      /refused user "desk" \(role "desk" does not exist\); create that role or allow it in pg_hba\.conf/,
    );
    expect(line(postgresError('42501', 'permission denied for schema public'), withPostgres)).toMatch(
      /user "desk" may not create fixline's tables in database "fixline" \(permission denied for schema public\); grant it/,
    );
    expect(line(postgresError('53300', 'sorry, too many clients already'), withPostgres)).toMatch(
      /has no free connections .*; raise its max_connections or lower DATABASE_POOL_SIZE=10$/,
    );
    expect(line(postgresError('57P03', 'the database system is starting up'), withPostgres)).toMatch(
      /is starting up or shutting down; start fixline again once it accepts connections$/,
    );
    expect(line(postgresError('53100', 'could not extend file'), withPostgres)).toMatch(
      /the disk of PostgreSQL at db\.internal:5433 .* is full; free space on the database server$/,
    );
  });
});

describe('what is not one line', () => {
  it('a bad configuration lists every bad setting, as before', () => {
    expect(describeStartupError(new ConfigError(['PORT="abc": invalid', 'LOG_LEVEL="loud": invalid']))).toBe(
      'fixline cannot start: invalid configuration:\n  PORT="abc": invalid\n  LOG_LEVEL="loud": invalid',
    );
  });

  it('bad data files list every problem with its file', () => {
    const text = describeStartupError(
      new DataFileError([{ file: '/srv/fixline/flows/main.yaml', message: 'step x: unknown next step "y"' }]),
      pglite,
    );
    expect(text).toBe(
      'fixline cannot start: the data files in /srv/fixline/flows have problems:\n  /srv/fixline/flows/main.yaml: step x: unknown next step "y"',
    );
  });

  it('anything else is a bug: said so, with its stack (and a thrown non-Error shown whole)', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const text = describeStartupError(bug, pglite);
    expect(text).toMatch(
      /^fixline cannot start: unexpected error \(a bug: please report it with what follows\)\nTypeError: cannot read properties of undefined\n\s+at /,
    );
    expect(describeStartupError(new ErrnoError(28), pglite)).toMatch(/unexpected error[\s\S]*ErrnoError[\s\S]*errno: 28/);
    expect(describeStartupError(systemError('EACCES', { syscall: 'open', path: '/etc/elsewhere' }), pglite)).toMatch(/unexpected error/);
    expect(describeStartupError(postgresError('3D000', 'x'), pglite)).toMatch(/unexpected error/); // PostgreSQL's codes only with DATABASE_URL
  });
});
