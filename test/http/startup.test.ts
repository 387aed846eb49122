import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { ConsoleClient } from '../support/console-client.js';
import { FLOWS_DIR } from '../support/contracts.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * Runs `npm start`'s entry point with an environment; resolves with its output and exit code.
 * Node loads tsx itself (as `npm run start:built` runs the build): the tsx command would stand
 * between the test and fixline, and it kills a child that takes over 30 ms to take a signal.
 */
function start(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; out: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (until?.test(out)) resolve({ code: null, out, child });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, child }));
  });
}

/** SIGTERM; resolves with the exit code. */
function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

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

  it('runs the pipeline in its own thread only where the database allows it', () => {
    expect(parseConfig({}).PIPELINE_THREAD).toBe('auto');
    expect(parseConfig({ PIPELINE_THREAD: 'off', DATABASE_URL: 'postgres://db/x' }).PIPELINE_THREAD).toBe('off');
    expect(() => parseConfig({ PIPELINE_THREAD: 'on' })).toThrow(/PIPELINE_THREAD: "on" needs DATABASE_URL/);
    expect(() => parseConfig({ PIPELINE_THREAD: 'yes' })).toThrow(/PIPELINE_THREAD="yes"/);
  });
});

describe('npm start', () => {
  it('refuses a bad setting, naming the variable', async () => {
    const { code, out } = await start({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(out).toMatch(/fixline cannot start: invalid configuration:\n\s+PORT="abc"/);
  });

  it('refuses invalid flows, naming the file and the step', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-flows-'));
    try {
      await cp(FLOWS_DIR, dir, { recursive: true });
      const file = path.join(dir, 'my-tickets.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('action: list_my_tickets', 'action: list_everyones_tickets'));
      const { code, out } = await start({ FLOWS_DIR: dir, DATA_DIR: path.join(dir, 'data') });
      expect(code).toBe(1);
      expect(out).toContain(`${file}: flow my_tickets, step list: action "list_everyones_tickets" does not exist`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts on an empty data folder, prints the admin password once, serves, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-data-'));
    try {
      const env = { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' };
      const first = await start(env, /health:\s+(\S+)\/healthz[\s\S]*password: \S+/);
      const url = /health:\s+(\S+)\/healthz/.exec(first.out)![1]!;
      expect(first.out).toMatch(/web chat:\s+http:\/\/127\.0\.0\.1:\d+\/chat/);
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      expect(await stop(first.child)).toBe(0);

      // Started again on the same data: nothing is seeded twice, no new password.
      const second = await start(env, /health:\s+\S+\/healthz/);
      expect(second.out).not.toMatch(/password/);
      expect(await stop(second.child)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('without the demo data, there is still an admin who can sign in to the console', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-data-'));
    try {
      const started = await start({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false' }, /health:\s+(\S+)\/healthz[\s\S]*password: \S+/);
      const url = /health:\s+(\S+)\/healthz/.exec(started.out)![1]!;
      const password = /user: admin\s+password: (\S+)/.exec(started.out)![1]!;
      const agent = new ConsoleClient(url);
      expect((await agent.login('admin', password)).status).toBe(200);
      expect(agent.agent).toMatchObject({ role: 'admin' });
      expect(await agent.json('/me')).toMatchObject({ agent: { role: 'admin' } });
      expect(await stop(started.child)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
