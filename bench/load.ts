import { cpuSeconds, postgresCpuSeconds } from './cpu.js';
import type { FakePlatforms, Shown } from './fake-platforms.js';
import type { FixlineProcess } from './fixline-process.js';
import { total } from './fixline-process.js';
import { connectionCount, recordedEvents, transactionCount } from './db.js';
import { post } from './http.js';
import { percentile, round } from './stats.js';
import { type Channel, SCRIPT, type Teacher, webhookRequest } from './teachers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadContext {
  readonly fixline: FixlineProcess;
  /**
   * Every instance (default: `fixline` alone); webhooks alternate between them request by request,
   * as a load balancer without sticky sessions sends them.
   */
  readonly instances?: readonly FixlineProcess[];
  readonly fakes: FakePlatforms;
  /** PostgreSQL's URL; without it (PGlite), transactions and recorded events are fixline's own counts (/metrics). */
  readonly dbUrl?: string;
  /** How many replies each step of the script gets (from the calibration). */
  readonly replies: readonly number[];
}

export interface RateResult {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly acked: number;
  readonly refused: number;
  readonly ackMs: { p50: number; p95: number; p99: number };
  readonly e2eRate: number;
  readonly e2eMs: { p50: number; p95: number; p99: number };
  /**
   * End to end without the platform's own per-chat pacing: for LINE (one reply call, unpaced) the
   * message's last reply, as in e2eMs; for Telegram its first reply (the following ones wait about
   * a second each for Telegram's one-message-a-second per chat). Only messages answered in full.
   */
  readonly e2eUnpacedMs: { p50: number; p95: number; p99: number };
  /** End to end of Telegram's messages alone (last reply, pacing included) and of LINE's alone. */
  readonly e2eTelegramMs: { p50: number; p95: number; p99: number };
  readonly e2eLineMs: { p50: number; p95: number; p99: number };
  readonly answered: number;
  /** Acknowledged but not answered within a minute of the load's end (still queued, not lost). */
  readonly unanswered: number;
  /** Acknowledged but not recorded: lost. */
  readonly lost: number;
  readonly drainSeconds: number;
  readonly transactionsPerInbound: number;
  readonly statementsPerInbound: number;
  /** The highest peak resident memory of the instances (each instance's own peak). */
  readonly peakRssMb: number;
  /** Every instance's peak resident memory, in instance order, and their sum. */
  readonly peakRssPerInstanceMb: readonly number[];
  readonly peakRssSumMb: number;
  /** CPU time per inbound message over the load and its drain, in ms: fixline's (all instances, both threads) and PostgreSQL's (null when not local). */
  /** The most connections fixline's instances held to the database, sampled during the load (null on PGlite). */
  readonly connections: number | null;
  readonly cpuMsPerMessage: { readonly fixline: number; readonly postgres: number | null };
}

let nextId = 1;
function teacher(channel: Channel): Teacher {
  const n = nextId++;
  const key = channel === 'telegram' ? String(8_000_000_000 + n) : `Ub${String(n).padStart(31, '0')}`;
  return { channel, key, step: 0, sentAt: [], ackedAt: [] };
}

function shownTo(fakes: FakePlatforms, t: Teacher): readonly Shown[] {
  return (t.channel === 'telegram' ? fakes.telegram : fakes.line).get(t.key) ?? [];
}

/** For message k of the script, the index of the first reply it causes. */
function firstReplyIndex(replies: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += replies[i]!;
  return sum;
}

const percentiles = (values: readonly number[]) => ({
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  p99: round(percentile(values, 99)),
});

/** The counters of /metrics summed over the instances. */
async function summed(instances: readonly FixlineProcess[], name: string): Promise<number> {
  const all = await Promise.all(instances.map((f) => f.metrics()));
  return all.reduce((n, m) => n + total(m, name), 0);
}

/** For message k of the script, the index of the last reply it causes. */
function lastReplyIndex(replies: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += replies[i]!;
  return sum - 1;
}

/**
 * Runs teachers through the report flow at a fixed arrival rate (open loop: a message leaves at
 * its time whether or not earlier ones were answered), each teacher writing every `gapMs`, half
 * on Telegram and half on LINE. Measures webhook acknowledgements, and end to end (sent → the
 * platform accepted the reply) by matching each message with the replies the script expects.
 */
export async function runRate(ctx: LoadContext, rate: number, seconds: number, gapMs = 2000): Promise<RateResult> {
  const { fakes } = ctx;
  const instances = ctx.instances ?? [ctx.fixline];
  const poolSize = Math.max(4, Math.round((rate * gapMs) / 1000));
  const pool: Teacher[] = Array.from({ length: poolSize }, (_, i) => teacher(i % 2 ? 'line' : 'telegram'));
  const everyone: Teacher[] = [...pool];
  const acks: number[] = [];
  let refused = 0;

  const counted = async () =>
    ctx.dbUrl
      ? { tx: await transactionCount(ctx.dbUrl), recorded: await recordedEvents(ctx.dbUrl) }
      : {
          tx: await summed(instances, 'fixline_db_transactions_total'),
          recorded: await summed(instances, 'fixline_inbound_accepted_total'),
        };
  const inboundBefore = await summed(instances, 'fixline_inbound_accepted_total');
  const statementsBefore = await summed(instances, 'fixline_db_statements_total');
  const { tx: txBefore, recorded: recordedBefore } = await counted();
  for (const f of instances) await f.resetPeak();
  const pids = instances.map((f) => f.pid);
  const cpuBefore = { fixline: await cpuSeconds(pids), postgres: ctx.dbUrl ? await postgresCpuSeconds() : null };

  const count = Math.round(rate * seconds);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  // Connections, sampled every second of the load (the pools open them as work needs them).
  let connections: number | null = null;
  const dbUrl = ctx.dbUrl;
  const sampler = dbUrl
    ? setInterval(() => {
        void connectionCount(dbUrl)
          .then((n) => (connections = Math.max(connections ?? 0, n)))
          .catch(() => undefined);
      }, 1000)
    : undefined;
  for (let i = 0; i < count;) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; i < due; i++) {
      const slot = i % poolSize;
      let t = pool[slot]!;
      if (t.step >= SCRIPT.length) {
        t = pool[slot] = teacher(t.channel);
        everyone.push(t);
      }
      const k = t.step++;
      const req = webhookRequest(instances[i % instances.length]!.url, t, k, SCRIPT[k]!);
      t.sentAt[k] = performance.now();
      inflight.push(
        post(req.url, req.headers, req.body).then((r) => {
          if (r.status === 200) {
            acks.push(r.ms);
            t.ackedAt[k] = performance.now();
          } else refused++;
        }),
      );
    }
    await sleep(2);
  }
  const loadEnd = performance.now();
  clearInterval(sampler);
  await Promise.all(inflight);

  // Drain: until every acknowledged message got its replies, or a minute passes.
  const pending = () => everyone.some((t) => t.ackedAt.some((_, k) => shownTo(fakes, t).length <= lastReplyIndex(ctx.replies, k)));
  const drainStart = performance.now();
  while (pending() && performance.now() - drainStart < 60_000) await sleep(100);
  const drainSeconds = (performance.now() - Math.max(loadEnd, drainStart)) / 1000;

  const e2e: number[] = [];
  const unpaced: number[] = [];
  const byChannel: Record<Channel, number[]> = { telegram: [], line: [] };
  const answeredAt: number[] = [];
  let unanswered = 0;
  for (const t of everyone) {
    const shown = shownTo(fakes, t);
    t.ackedAt.forEach((_, k) => {
      const reply = shown[lastReplyIndex(ctx.replies, k)];
      if (!reply) {
        unanswered++;
        return;
      }
      e2e.push(reply.at - t.sentAt[k]!);
      byChannel[t.channel].push(reply.at - t.sentAt[k]!);
      const first = t.channel === 'telegram' ? shown[firstReplyIndex(ctx.replies, k)]! : reply;
      unpaced.push(first.at - t.sentAt[k]!);
      answeredAt.push(reply.at);
    });
  }
  // The sustained rate: messages answered per second over the second half of the load.
  const from = start + (loadEnd - start) * 0.5;
  const inWindow = answeredAt.filter((at) => at >= from && at <= loadEnd).length;

  await sleep(1500); // PostgreSQL's statistics reach pg_stat_database within a second or so
  const { tx: txAfter, recorded: recordedAfter } = await counted();
  const recorded = recordedAfter - recordedBefore;
  const inbound = (await summed(instances, 'fixline_inbound_accepted_total')) - inboundBefore;
  const statements = (await summed(instances, 'fixline_db_statements_total')) - statementsBefore;
  const cpuFixline = (await cpuSeconds(pids)) - cpuBefore.fixline;
  const pgNow = cpuBefore.postgres === null ? null : await postgresCpuSeconds();
  const cpuPostgres = pgNow === null || cpuBefore.postgres === null ? null : pgNow - cpuBefore.postgres;
  const peaks = await Promise.all(instances.map(async (f) => round((await f.peakRss()) / 2 ** 20)));
  return {
    rate,
    seconds,
    sent: count,
    acked: acks.length,
    refused,
    ackMs: percentiles(acks),
    e2eRate: round(inWindow / ((loadEnd - from) / 1000)),
    e2eMs: percentiles(e2e),
    e2eUnpacedMs: percentiles(unpaced),
    e2eTelegramMs: percentiles(byChannel.telegram),
    e2eLineMs: percentiles(byChannel.line),
    answered: e2e.length,
    unanswered,
    lost: Math.max(0, acks.length - recorded),
    drainSeconds: round(drainSeconds),
    transactionsPerInbound: round((txAfter - txBefore) / Math.max(1, inbound), 2),
    statementsPerInbound: round(statements / Math.max(1, inbound), 1),
    peakRssMb: Math.max(...peaks),
    peakRssPerInstanceMb: peaks,
    peakRssSumMb: round(peaks.reduce((a, b) => a + b, 0)),
    connections,
    cpuMsPerMessage: {
      fixline: round((cpuFixline * 1000) / Math.max(1, inbound), 2),
      postgres: cpuPostgres === null ? null : round((cpuPostgres * 1000) / Math.max(1, inbound), 2),
    },
  };
}

/** Sends one teacher's script a message at a time, waiting for the replies to settle: how many replies each step gets. */
export async function calibrate(ctx: Omit<LoadContext, 'replies'>, channel: Channel): Promise<number[]> {
  const t = teacher(channel);
  const counts: number[] = [];
  for (const [k, text] of SCRIPT.entries()) {
    const before = shownTo(ctx.fakes, t).length;
    const req = webhookRequest(ctx.fixline.url, t, k, text);
    const r = await post(req.url, req.headers, req.body);
    if (r.status !== 200) throw new Error(`calibration: step ${k} answered ${r.status}`);
    let last = before;
    let quietSince = performance.now();
    const started = performance.now();
    while (performance.now() - started < 15_000) {
      await sleep(50);
      const now = shownTo(ctx.fakes, t).length;
      if (now !== last) {
        last = now;
        quietSince = performance.now();
      } else if (now > before && performance.now() - quietSince > 1200) break; // longer than Telegram's per-chat pacing
    }
    if (last === before) throw new Error(`calibration: no reply to step ${k} (${text}) on ${channel}`);
    counts.push(last - before);
  }
  return counts;
}
