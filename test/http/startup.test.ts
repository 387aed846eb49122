import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it, type TestContext } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { launch } from '../../src/launch.js';
import type { StartOptions } from '../../src/server.js';
import { LOCK_FILE } from '../../src/storage/data-dir-lock.js';
import { ConsoleClient } from '../support/console-client.js';
import { FLOWS_DIR } from '../support/contracts.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;

/**
 * `npm start` in this process (where the start-up is not about the process): what it printed, and
 * fixline if it started; `fromTemplate`: on a folder without a database, start from the migrated
 * template rather than migrate a new one. Starts in this process take turns, in the order asked
 * (PGlite keeps this thread busy while it opens); the tests run concurrently, so that the processes
 * some of them start run beside them.
 */
function launchHere(env: Record<string, string>, fromTemplate = false) {
  const run = turns.then(async () => {
    let out = '';
    let err = '';
    const options: StartOptions = fromTemplate ? { loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) } : {};
    const fixline = await launch(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      { out: (t) => (out += t), err: (t) => (err += t) },
      options,
    );
    return { fixline, out, err };
  });
  turns = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}
let turns: Promise<void> = Promise.resolve();

/**
 * Runs `npm start`'s entry point with an environment, for what is about the process (exit code,
 * stderr, signals); resolves with its output and exit code. Node loads tsx itself (as `npm run
 * start:built` runs the build): the tsx command would stand between the test and fixline, and it
 * kills a child that takes over 30 ms to take a signal.
 */
function start(
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; out: string; stderr: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixline neither started nor exited within 60 s:\n${out}${stderr}`));
    }, 60_000);
    const settle = (result: { code: number | null; out: string; stderr: string; child: ChildProcess }) => {
      clearTimeout(timer);
      resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until?.test(out)) settle({ code: null, out, stderr, child });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => settle({ code, out, stderr, child })); // 'close': after its output has been read
  });
}

/** SIGTERM; resolves with the exit code. */
function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode); // it did not wait for the signal
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/** Temporary folders, mounts and servers of one test, removed when it ends (tests here run concurrently). */
function scope(context: TestContext) {
  const later = (cleanup: () => unknown) => {
    context.onTestFinished(async () => {
      await cleanup();
    });
  };
  return {
    later,
    tempDir: async (): Promise<string> => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-start-'));
      later(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
    /** Mounts a tmpfs (root only); unmounted when the test ends. */
    mount: (dir: string, options: string): boolean => {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
      } catch {
        return false;
      }
      later(() => void execFileSync('umount', ['--lazy', dir], { stdio: 'ignore' })); // lazy: a PGlite that failed to start keeps its files open
      return true;
    },
    listen: async (server: net.Server): Promise<number> => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      later(() => new Promise((resolve) => server.close(resolve)));
      return (server.address() as net.AddressInfo).port;
    },
  };
}
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('configuration', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, SEED_DEMO: true, TRUST_PROXY: 0 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.attachmentsDir).toMatch(/data[/\\]attachments$/);
  });

  it('names every bad variable, and hides secrets', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).toMatch(/PORT="eighty"/);
      expect(text).toMatch(/DATABASE_URL="mysql:\/\/x": must be a URL starting with postgres: or postgresql:/);
      expect(text).toMatch(/ADMIN_PASSWORD=\(hidden\): must be at least 12 characters/);
      expect(text).toMatch(/LOG_LEVEL="loud"/);
      expect(text).not.toContain('short');
    }
  });

  it('runs the background work in its own thread only where the database allows it', () => {
    expect(parseConfig({}).BACKGROUND_THREAD).toBe('auto');
    expect(parseConfig({ BACKGROUND_THREAD: 'off', DATABASE_URL: 'postgres://db/x' }).BACKGROUND_THREAD).toBe('off');
    expect(() => parseConfig({ BACKGROUND_THREAD: 'on' })).toThrow(/BACKGROUND_THREAD: "on" needs DATABASE_URL/);
    expect(() => parseConfig({ BACKGROUND_THREAD: 'yes' })).toThrow(/BACKGROUND_THREAD="yes"/);
  });

  it('still reads the former names of the background thread settings (PIPELINE_THREAD*), the new names first', () => {
    const former = parseConfig({ PIPELINE_THREAD: 'off', PIPELINE_THREAD_RESTART_MS: '5000', PIPELINE_THREAD_STOP_TIMEOUT_MS: '9000' });
    expect(former.BACKGROUND_THREAD).toBe('off');
    expect(former.BACKGROUND_THREAD_RESTART_MS).toBe(5000);
    expect(former.BACKGROUND_THREAD_STOP_TIMEOUT_MS).toBe(9000);
    expect(parseConfig({ PIPELINE_THREAD: 'on', BACKGROUND_THREAD: 'off' }).BACKGROUND_THREAD).toBe('off');
  });
});

// Concurrent: the processes some tests start run beside the others (starts in this process take turns).
describe.concurrent('npm start', { timeout: 90_000 }, () => {
  describe('starting and stopping', () => {
    it('starts on an empty data folder, prints the admin password once (an admin without the demo data too) and serves; two started again at once on it: one runs (no new password), the other exits with code 1 and one line; SIGTERM stops cleanly', async (context) => {
      const { tempDir, later } = scope(context);
      const data = path.join(await tempDir(), 'data'); // not there yet
      // Without the demo data there is still an admin, who can sign in to the console (the demo is seeded by every startTestServer).
      const env = { DATA_DIR: data, SEED_DEMO: 'false' };
      const first = await launchHere(env, true);
      later(() => first.fixline?.stop());
      expect(first.err).toBe('');
      expect(first.out).toMatch(/web chat:\s+http:\/\/127\.0\.0\.1:\d+\/chat/);
      const firstUrl = /health:\s+(\S+)\/healthz/.exec(first.out)![1]!;
      expect(await (await fetch(`${firstUrl}/readyz`)).json()).toMatchObject({ status: 'ready' });
      const password = /user: admin\s+password: (\S+)/.exec(first.out)![1]!;
      const agent = new ConsoleClient(firstUrl);
      expect((await agent.login('admin', password)).status).toBe(200);
      expect(agent.agent).toMatchObject({ role: 'admin' });
      expect(await agent.json('/me')).toMatchObject({ agent: { role: 'admin' } });
      await first.fixline!.stop();
      expect(await exists(path.join(data, LOCK_FILE))).toBe(false);

      // Two processes started at once on the same data: two writers would lose acknowledged writes,
      // so exactly one runs (nothing created twice, no new password) and the other refuses, naming it.
      const again = { ...env, PORT: '0', HOST: '127.0.0.1' };
      const both = await Promise.all([start(again, /health:\s+\S+\/healthz/), start(again, /health:\s+\S+\/healthz/)]);
      for (const { child } of both) later(() => void child.kill('SIGKILL'));
      const running = both.filter((p) => p.code === null);
      const refused = both.filter((p) => p.code !== null);
      expect(running).toHaveLength(1);
      const { child, out } = running[0]!;
      expect(out).not.toMatch(/password/);
      const url = /health:\s+(\S+)\/healthz/.exec(out)![1]!;
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      expect(JSON.parse(await readFile(path.join(data, LOCK_FILE), 'utf8'))).toMatchObject({ pid: child.pid, host: os.hostname() });
      const lockedOut = new RegExp(
        `^fixline cannot start: DATA_DIR=${data} is in use by another fixline \\(pid ${child.pid}, since [0-9T:.-]+Z\\); stop it, or give this instance its own DATA_DIR \\(instances that share data need PostgreSQL: DATABASE_URL\\)\n$`,
      );
      expect(refused[0]).toMatchObject({ code: 1, out: '', stderr: expect.stringMatching(lockedOut) });

      // And one in this process, while it runs.
      const third = await launchHere({ DATA_DIR: data });
      expect(third.fixline).toBeUndefined();
      expect(third.err).toMatch(lockedOut);
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });

      expect(await stop(child)).toBe(0);
      expect(await exists(path.join(data, LOCK_FILE))).toBe(false); // released on a clean stop
    });

    it('refuses a bad setting, naming the variable', async () => {
      const { fixline, err } = await launchHere({ PORT: 'abc' });
      expect(fixline).toBeUndefined();
      expect(err).toMatch(/^fixline cannot start: invalid configuration:\n\s+PORT="abc"/);
    });

    it('refuses invalid flows, naming the file and the step', async (context) => {
      const { tempDir } = scope(context);
      const dir = await tempDir();
      await cp(FLOWS_DIR, dir, { recursive: true });
      const file = path.join(dir, 'my-tickets.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('action: list_my_tickets', 'action: list_everyones_tickets'));
      const { fixline, err } = await launchHere({ FLOWS_DIR: dir, DATA_DIR: path.join(dir, 'data') });
      expect(fixline).toBeUndefined();
      expect(err).toContain(`${file}: flow my_tickets, step list: action "list_everyones_tickets" does not exist`);
    });
  });

  describe('start-up failures: one line naming the setting and what to do', () => {
    /** Starts and expects exactly this one line on stderr, and nothing started. */
    async function refused(env: Record<string, string>, fromTemplate = false): Promise<string> {
      const { fixline, out, err } = await launchHere(env, fromTemplate);
      await fixline?.stop();
      expect(fixline).toBeUndefined();
      expect(out).toBe('');
      expect(err).toMatch(/^fixline cannot start: [^\n]+\n$/);
      return err.trimEnd();
    }

    it('DATA_DIR or ATTACHMENTS_DIR that is a file, or inside a file', async (context) => {
      const { tempDir } = scope(context);
      const dir = await tempDir();
      const file = path.join(dir, 'data');
      await writeFile(file, 'not a folder');
      for (const data of [file, path.join(file, 'sub')]) {
        expect(await refused({ DATA_DIR: data })).toBe(
          `fixline cannot start: DATA_DIR=${data} is not a folder (it, or a folder above it, is a file); set DATA_DIR to a folder (it is created if missing)`,
        );
      }
      expect(await refused({ DATA_DIR: path.join(dir, 'ok'), ATTACHMENTS_DIR: file })).toBe(
        `fixline cannot start: ATTACHMENTS_DIR=${file} is a file, not a folder; set ATTACHMENTS_DIR to a folder (it is created if missing)`,
      );
    });

    it('a read-only DATA_DIR or ATTACHMENTS_DIR (a read-only mount as root, a folder without write permission otherwise)', async (context) => {
      const { tempDir, mount, later } = scope(context);
      const dir = await tempDir();
      const writable = await tempDir();
      let problem = 'is not writable by the user fixline runs as';
      if (isRoot) {
        if (!mount(dir, 'ro,size=1m')) {
          await rm(dir, { recursive: true });
          return context.skip(
            'read-only DATA_DIR: this root may not mount a tmpfs (no CAP_SYS_ADMIN); the classification is tested in startup-errors.test.ts',
          );
        }
        problem = 'is on a read-only file system';
      } else {
        await chmod(dir, 0o555);
        later(() => chmod(dir, 0o755));
      }
      for (const data of [dir, path.join(dir, 'sub')]) {
        expect(await refused({ DATA_DIR: data })).toMatch(new RegExp(`^fixline cannot start: DATA_DIR=${data} ${problem}; .*DATA_DIR`));
      }
      expect(await refused({ DATA_DIR: writable, ATTACHMENTS_DIR: dir })).toMatch(
        new RegExp(`^fixline cannot start: ATTACHMENTS_DIR=${dir} ${problem}; .*ATTACHMENTS_DIR`),
      );
    });

    it('a full disk (a 1 MB tmpfs, as root)', async (context) => {
      const { tempDir, mount } = scope(context);
      const dir = await tempDir();
      if (!isRoot || !mount(dir, 'size=1m')) {
        await rm(dir, { recursive: true });
        return context.skip(
          "full disk: needs root that may mount a tmpfs; PGlite's errno 51 (ENOSPC) is classified in startup-errors.test.ts",
        );
      }
      expect(await refused({ DATA_DIR: dir, SEED_DEMO: 'false' }, true)).toBe(
        `fixline cannot start: the disk holding DATA_DIR=${dir} is full; free some space there, or set DATA_DIR to a folder on a disk with room`,
      );
      expect(await exists(path.join(dir, LOCK_FILE))).toBe(false); // released after the failed start
    });

    it('PORT in use by another program: refused, and DATA_DIR released', async (context) => {
      const { tempDir, listen } = scope(context);
      const port = await listen(net.createServer());
      const data = path.join(await tempDir(), 'data');
      expect(await refused({ DATA_DIR: data, PORT: String(port), SEED_DEMO: 'false' }, true)).toBe(
        `fixline cannot start: PORT=${port} is in use by another program (on HOST=127.0.0.1); stop it, or set PORT to a free port`,
      );
      expect(await exists(path.join(data, LOCK_FILE))).toBe(false);
    });

    it('PostgreSQL unreachable, or without the database named', async (context) => {
      const { listen, tempDir } = scope(context);
      const data = { DATA_DIR: await tempDir() };
      const closed = await freePort();
      expect(await refused({ ...data, DATABASE_URL: `postgres://desk:secret@127.0.0.1:${closed}/fixline` })).toBe(
        `fixline cannot start: cannot reach PostgreSQL at 127.0.0.1:${closed} (DATABASE_URL=postgres://desk@127.0.0.1:${closed}/fixline): nothing accepts connections there; start PostgreSQL there or correct DATABASE_URL`,
      );
      const port = await listen(fakePostgres('3D000', 'database "fixline" does not exist'));
      expect(await refused({ ...data, DATABASE_URL: `postgres://desk:secret@127.0.0.1:${port}/fixline` })).toBe(
        `fixline cannot start: PostgreSQL at 127.0.0.1:${port} (DATABASE_URL=postgres://desk@127.0.0.1:${port}/fixline) has no database "fixline"; create it (createdb fixline) or correct DATABASE_URL`,
      );
    });
  });
});

/** A port nothing listens on (a moment ago something did). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that answers every connection as PostgreSQL does when it refuses one: an ErrorResponse with the SQLSTATE. */
function fakePostgres(code: string, message: string): net.Server {
  const field = (type: string, value: string) => Buffer.from(`${type}${value}\0`);
  const body = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', code), field('M', message), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(body.length + 4, 1);
  return net.createServer((socket) => socket.once('data', () => socket.end(Buffer.concat([head, body]))));
}
