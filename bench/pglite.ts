import { cpuSeconds } from './cpu.js';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FakePlatforms } from './fake-platforms.js';
import type { FixlineProcess } from './fixline-process.js';
import { closeClient } from './http.js';
import { calibrate, type RateResult, runRate } from './load.js';
import { round, table } from './stats.js';
import { channelEnv } from './teachers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 2 ** 20;

/** Resident memory after a start is read this long after /readyz first answers (start-up work settles). */
const SETTLE_MS = 5_000;

export interface PgliteBenchOptions {
  /** Seconds of load at `rate` (300 by default: the target's five minutes). */
  readonly seconds: number;
  readonly rate?: number;
}

/** One `npm start` of fixline: the figures of its start, and fixline itself for the load. */
interface Started {
  readonly fixline: FixlineProcess;
  readonly readyMs: number;
  /** The fixline node process's resident memory SETTLE_MS after it was ready, and the npm wrapper's. */
  readonly residentMb: number;
  readonly npmMb: number;
}

/** A process's field of /proc/<pid>/status in bytes (VmRSS, VmHWM). */
async function procStatus(pid: number, field: string): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
}

/** The processes of a process group, with their command lines. */
async function groupProcesses(pgid: number): Promise<{ pid: number; cmd: string }[]> {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp …: comm may hold spaces, so fields are read after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    const cmd = (await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
    found.push({ pid: Number(name), cmd });
  }
  return found;
}

/**
 * Starts fixline exactly as a user does: `npm start` in the project (its lifecycle: the build check,
 * then the server), in a process group of its own; resolves once /readyz answers, with the time
 * that took and the resident memory of fixline's node process a few seconds later.
 */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const metricsToken = randomBytes(24).toString('hex');
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true, // its own process group: stopped as a whole, like Ctrl-C in a terminal
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: metricsToken, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid!;
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`\nnpm start (pid ${pgid}) exited on its own (${code ?? signal}):\n${out.slice(-4000)}\n`);
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited before it was ready:\n${out}`);
    if (performance.now() - started > 120_000) throw new Error(`fixline was not ready within 2 minutes:\n${out}`);
    url ??= /health:\s+(http:\/\/\S+)\/healthz/.exec(out)?.[1];
    if (
      url &&
      (await fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false))
    )
      break;
    await sleep(25);
  }
  const readyMs = performance.now() - started;
  const group = await groupProcesses(pgid);
  const node = group.find((p) => /(^|\/)node /.test(p.cmd) && /scripts\/start\.mjs|src\/main/.test(p.cmd));
  if (!node) throw new Error(`no fixline node process under npm start (${group.map((p) => p.cmd).join('; ')})`);
  await sleep(SETTLE_MS);
  const fixlineUrl = url;
  const fixline: FixlineProcess = {
    url: fixlineUrl,
    pid: node.pid,
    peakRss: () => procStatus(node.pid, 'VmHWM'),
    async resetPeak() {
      await writeFile(`/proc/${node.pid}/clear_refs`, '5').catch(() => undefined);
    },
    liveHeap: () => Promise.reject(new Error('not measured in the PGlite bench')),
    async metrics() {
      const res = await fetch(`${fixlineUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
      const map = new Map<string, number>();
      for (const line of (await res.text()).split('\n')) {
        const m = /^([a-z_]+(?:\{[^}]*\})?) (\d+(?:\.\d+)?)$/.exec(line);
        if (m) map.set(m[1]!, Number(m[2]));
      }
      return map;
    },
    async stop() {
      stopping = true;
      process.kill(-pgid, 'SIGINT'); // as Ctrl-C does: npm and fixline both get it
      const timer = setTimeout(() => process.kill(-pgid, 'SIGKILL'), 30_000);
      const code = await exited;
      while ((await groupProcesses(pgid)).length > 0) await sleep(50); // fixline closes its database after npm is gone
      clearTimeout(timer);
      return code;
    },
    async kill() {
      stopping = true;
      process.kill(-pgid, 'SIGKILL');
      await exited;
    },
    output: () => out,
  };
  const npm = group.find((p) => p.pid === pgid);
  return {
    fixline,
    readyMs,
    residentMb: (await procStatus(node.pid, 'VmRSS')) / MB,
    npmMb: npm ? (await procStatus(npm.pid, 'VmRSS')) / MB : 0,
  };
}

/**
 * `npm run bench -- --pglite`: the embedded database as a user meets it. `npm start` on a fresh
 * DATA_DIR (ready time, resident memory), stopped, `npm start` again on the same folder, then the
 * teachers' load at 50 messages/s for five minutes on that instance; prints the targets of issue 17
 * with meets/MISSES and writes the figures to bench-results/. Resolves the exit code.
 */
export async function benchPglite(options: PgliteBenchOptions): Promise<number> {
  const rate = options.rate ?? 50;
  // What `npm install` leaves: the build (npm start would otherwise redo it and count it in its start).
  await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fixline-bench-pglite-'));
  const fakes = new FakePlatforms();
  await fakes.start();
  const env = { DATA_DIR: dataDir, ...channelEnv(fakes.telegramUrl, fakes.lineUrl) };
  let fresh: Started | undefined;
  let existing: Started | undefined;
  let load: RateResult | undefined;
  let afterLoadMb: number;
  let cpuPerMessageMs: number;
  try {
    process.stdout.write(`npm start on a fresh DATA_DIR (${dataDir}) … `);
    fresh = await npmStart(env);
    console.log(`ready in ${round(fresh.readyMs / 1000, 2)} s, ${round(fresh.residentMb)} MB resident`);
    await fresh.fixline.stop();
    process.stdout.write('npm start on the same DATA_DIR … ');
    existing = await npmStart(env);
    console.log(`ready in ${round(existing.readyMs / 1000, 2)} s, ${round(existing.residentMb)} MB resident`);
    const fixline = existing.fixline;
    const replies = await calibrate({ fixline, fakes }, 'telegram');
    process.stdout.write(`  ${rate} messages/s for ${options.seconds} s … `);
    const cpuBefore = await cpuSeconds([fixline.pid]);
    load = await runRate({ fixline, fakes, replies }, rate, options.seconds);
    cpuPerMessageMs = (((await cpuSeconds([fixline.pid])) - cpuBefore) * 1000) / Math.max(1, load.acked);
    afterLoadMb = (await procStatus(fixline.pid, 'VmRSS')) / MB;
    console.log(`acknowledged ${load.acked}/${load.sent}, end to end ${load.e2eRate}/s`);
  } finally {
    await existing?.fixline.stop();
    await fakes.stop();
    closeClient();
    await rm(dataDir, { recursive: true, force: true });
  }

  const r = load;
  console.log(
    `\n${table(
      ['rate/s', 'sent', 'ack p50', 'ack p95', 'ack p99', 'e2e/s', 'e2e p50', 'e2e p95', 'e2e p99', 'late', 'lost', 'stmt/msg', 'peak MB'],
      [
        [
          rate,
          r.sent,
          r.ackMs.p50,
          r.ackMs.p95,
          r.ackMs.p99,
          r.e2eRate,
          r.e2eMs.p50,
          r.e2eMs.p95,
          r.e2eMs.p99,
          r.unanswered,
          r.lost,
          r.statementsPerInbound,
          r.peakRssMb,
        ],
      ],
    )}\n(times in ms; PGlite, one \`npm start\`; lost = acknowledged but not counted as recorded by fixline's /metrics)\n`,
  );
  console.log(
    `start: fresh DATA_DIR ready in ${round(fresh.readyMs / 1000, 2)} s, ${round(fresh.residentMb)} MB; existing ready in ${round(existing.readyMs / 1000, 2)} s, ${round(existing.residentMb)} MB (npm's own process: ${round(existing.npmMb)} MB more)`,
  );
  console.log(`after ${options.seconds} s at ${rate}/s: ${round(afterLoadMb)} MB resident, peak ${r.peakRssMb} MB during the load`);
  console.log(
    `fixline's CPU time per acknowledged message: ${round(cpuPerMessageMs)} ms (a figure that a busy machine blurs less than times)\n`,
  );
  const checks = [
    [`resident after a start on a fresh DATA_DIR ≤ 250 MB`, fresh.residentMb <= 250, `${round(fresh.residentMb)} MB`],
    [`resident after a start on an existing DATA_DIR ≤ 250 MB`, existing.residentMb <= 250, `${round(existing.residentMb)} MB`],
    [`resident after ${options.seconds} s at ${rate}/s ≤ 300 MB`, afterLoadMb <= 300, `${round(afterLoadMb)} MB (peak ${r.peakRssMb} MB)`],
    [`ready on a fresh DATA_DIR ≤ 6 s`, fresh.readyMs <= 6_000, `${round(fresh.readyMs / 1000, 2)} s`],
    [`ready on an existing DATA_DIR ≤ 3 s`, existing.readyMs <= 3_000, `${round(existing.readyMs / 1000, 2)} s`],
    [`nothing lost (acknowledged = recorded, none refused)`, r.lost === 0 && r.refused === 0, String(r.lost + r.refused)],
    [`every acknowledged message answered within a minute of the load`, r.unanswered === 0, String(r.unanswered)],
  ] as const;
  if (options.seconds < 300) console.log(`(a load of ${options.seconds} s, not the target's 300 s: a quick look)`);
  for (const [name, ok, figure] of checks) console.log(`${ok ? 'meets ' : 'MISSES'}  ${name}: ${figure}`);

  const dir = path.join(ROOT, 'bench-results');
  await mkdir(dir, { recursive: true });
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    database: 'pglite',
    seconds: options.seconds,
    rate,
    start: {
      fresh: { readyMs: round(fresh.readyMs), residentMb: round(fresh.residentMb) },
      existing: { readyMs: round(existing.readyMs), residentMb: round(existing.residentMb), npmMb: round(existing.npmMb) },
    },
    afterLoadMb: round(afterLoadMb),
    cpuPerMessageMs: round(cpuPerMessageMs),
    result: r,
    transactions: 'counted by fixline (/metrics), not by the database',
    checks: checks.map(([name, ok, figure]) => ({ name, ok, figure })),
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(path.join(dir, 'bench-pglite-latest.json'), json);
  await writeFile(path.join(dir, `bench-pglite-${report.at.replace(/[:.]/g, '-')}.json`), json);
  console.log(`\nfigures written to bench-results/bench-pglite-latest.json`);
  return r.lost === 0 && r.refused === 0 ? 0 : 1;
}
