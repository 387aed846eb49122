import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { inspectorUrl, liveHeapBytes } from './live-heap.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface FixlineProcess {
  readonly url: string;
  readonly pid: number;
  /** Peak resident memory since start (or since the last `resetPeak`), in bytes. */
  peakRss(): Promise<number>;
  resetPeak(): Promise<void>;
  /** Heap still referenced after a full collection (needs `inspect: true`), in bytes. */
  liveHeap(): Promise<number>;
  /** The counters of /metrics. */
  metrics(): Promise<Map<string, number>>;
  /** SIGTERM and wait; `kill()` is SIGKILL, no goodbye. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
  readonly output: () => string;
}

/** NODE_OPTIONS and the tuning settings of this shell, for a run that compares them. */
function passedThrough(): Record<string, string> {
  const names = /^(NODE_OPTIONS|TURN_|INGEST_|OUTBOX_|PROCESSOR_|BACKGROUND_|DATABASE_POOL)/;
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => names.test(e[0]) && e[1] !== undefined));
}

/**
 * Builds fixline as production runs it (`npm run build`: compiled JavaScript in dist/, no
 * TypeScript loader in the process, whose extra thread and caches would count in its memory).
 */
export async function buildFixline(): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: ROOT });
}

/**
 * fixline as `npm run start:built` runs it (after `buildFixline`), in its own process (so that its memory is its own, and it can
 * be killed), configured by environment variables; resolves once it answers /readyz.
 */
export async function startFixlineProcess(
  env: Record<string, string>,
  options: { cpuProfileDir?: string; /** the inspector on a loopback port, for `liveHeap` */ inspect?: boolean } = {},
): Promise<FixlineProcess> {
  const args = [
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    ...(options.inspect ? ['--inspect=127.0.0.1:0'] : []),
    '--enable-source-maps',
    'dist/src/main.js',
  ];
  // /metrics is off unless a token is set: the harness sets one and sends it.
  const metricsToken = env.METRICS_TOKEN ?? randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      ADMIN_PASSWORD: 'bench-admin-password',
      METRICS_TOKEN: metricsToken,
      // To compare designs and settings: NODE_OPTIONS and fixline's tunables pass through (BENCH_ENV=1).
      ...(process.env.BENCH_ENV ? passedThrough() : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      // fixline must survive what the harness does to it; if it dies on its own, say how.
      if (!stopping)
        process.stderr.write(`\nfixline (pid ${child.pid}) exited on its own (${code ?? signal}); its last output:\n${out.slice(-4000)}\n`);
      resolve(code ?? (signal ? -1 : null));
    }),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixline did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /health:\s+(http:\/\/\S+)\/healthz/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fixline exited (${code}) before it started:\n${out}`));
    });
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const status = async (field: string) => {
    const text = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
  };
  return {
    url,
    pid: child.pid!,
    peakRss: () => status('VmHWM'),
    async liveHeap() {
      const ws = inspectorUrl(out);
      if (!ws) throw new Error('fixline was started without its inspector (inspect: true)');
      return liveHeapBytes(ws);
    },
    async resetPeak() {
      await writeFile(`/proc/${child.pid}/clear_refs`, '5').catch(() => undefined);
    },
    async metrics() {
      const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      if (!res.ok) throw new Error(`/metrics answered ${res.status}: ${await res.text()}`);
      const text = await res.text();
      const map = new Map<string, number>();
      for (const line of text.split('\n')) {
        const m = /^([a-z_]+(?:\{[^}]*\})?) (\d+(?:\.\d+)?)$/.exec(line);
        if (m) map.set(m[1]!, Number(m[2]));
      }
      return map;
    },
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      stopping = true;
      child.kill('SIGKILL');
      await exited;
    },
    output: () => out,
  };
}

/** Sums the counters of a name over all their labels. */
export function total(metrics: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of metrics) if (key === name || key.startsWith(`${name}{`)) sum += value;
  return sum;
}
