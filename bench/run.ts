import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ceiling } from './ceiling.js';
import { BASE_URL, freshDatabase, postgresUp } from './db.js';
import { FakePlatforms } from './fake-platforms.js';
import { buildFixline, startFixlineProcess } from './fixline-process.js';
import { closeClient } from './http.js';
import { calibrate, type RateResult, runRate } from './load.js';
import { benchPglite } from './pglite.js';
import { round, table } from './stats.js';
import { channelEnv } from './teachers.js';

/**
 * `npm run bench`: simulated teachers report faults over signed Telegram and LINE webhooks at
 * several fixed arrival rates, against a real PostgreSQL and fake platforms on loopback; then the
 * ceiling of this machine's PostgreSQL for comparison. Prints a table and writes the figures to
 * bench-results/ (git-ignored).
 */
const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,250,500,1000' },
    seconds: { type: 'string' },
    pool: { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false }, // the embedded database as `npm start` runs it (bench/pglite.ts)
  },
});
if (values.pglite) process.exit(await benchPglite({ seconds: values.quick ? 10 : Number(values.seconds ?? 300) }));
const rates = (values.quick ? '100' : values.rates)
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const seconds = values.quick ? 5 : Number(values.seconds ?? 20);
const pool = Number(values.pool);
const ROOT = path.resolve(import.meta.dirname, '..');

if (!(await postgresUp())) {
  console.error(`bench: PostgreSQL does not answer at ${BASE_URL} (set DATABASE_URL)`);
  process.exit(2);
}

await buildFixline();
const db = await freshDatabase('fixline_bench');
// The ceiling first, on a quiet machine (measured after the load, it would share the CPU with a backlog).
process.stdout.write(`ceiling: 4-statement transactions on ${pool} connections … `);
const ceilingRate = round(await ceiling(db.url, pool, values.quick ? 3 : 10));
console.log(`${ceilingRate}/s`);
const fakes = new FakePlatforms();
await fakes.start();
const profileDir = values.profile ? path.join(ROOT, 'bench-results', 'profiles') : undefined;
const fixline = await startFixlineProcess(
  {
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: String(pool),
    // To compare designs: BACKGROUND_THREAD=off npm run bench
    ...(process.env.BACKGROUND_THREAD ? { BACKGROUND_THREAD: process.env.BACKGROUND_THREAD } : {}),
    ...channelEnv(fakes.telegramUrl, fakes.lineUrl),
  },
  profileDir ? { cpuProfileDir: profileDir } : {},
);
const results: RateResult[] = [];
try {
  const replies = await calibrate({ fixline, fakes, dbUrl: db.url }, 'telegram');
  const lineReplies = await calibrate({ fixline, fakes, dbUrl: db.url }, 'line');
  if (replies.join() !== lineReplies.join())
    throw new Error(`the script answers differ: telegram ${replies.join()} line ${lineReplies.join()}`);
  console.log(
    `fixline ${fixline.url} (pid ${fixline.pid}) on ${db.name}; the script: ${replies.length} messages, ${replies.reduce((a, b) => a + b)} replies`,
  );

  for (const rate of rates) {
    process.stdout.write(`  ${rate} messages/s for ${seconds} s … `);
    const r = await runRate({ fixline, fakes, dbUrl: db.url, replies }, rate, seconds);
    results.push(r);
    console.log(`acknowledged ${r.acked}/${r.sent}, end to end ${r.e2eRate}/s`);
  }
} finally {
  await fixline.stop();
  await fakes.stop();
  await db.drop();
  closeClient();
}

const best = Math.max(...results.map((r) => r.e2eRate));
console.log(
  `\n${table(
    [
      'rate/s',
      'sent',
      'ack p50',
      'ack p95',
      'ack p99',
      'e2e/s',
      'e2e p50',
      'e2e p95',
      'e2e p99',
      'late',
      'lost',
      'tx/msg',
      'stmt/msg',
      'peak MB',
    ],
    results.map((r) => [
      r.rate,
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
      r.transactionsPerInbound,
      r.statementsPerInbound,
      r.peakRssMb,
    ]),
  )}\n(times in ms; e2e = webhook sent → the platform accepted the reply; late = acknowledged, not answered within a minute of the load's end (still queued);\n lost = acknowledged but not recorded; tx/msg = PostgreSQL's committed transactions, read-only ones included, over the load and its drain)\n`,
);
console.log(`ceiling: ${ceilingRate} transactions/s of 4 statements on ${pool} connections`);
console.log(`best end-to-end rate: ${best} messages/s = ${round((best / ceilingRate) * 100)}% of the ceiling`);

const at500 = results.find((r) => r.rate === 500);
const checks = [
  ...(at500 ? [[`webhook ack p99 at 500/s ≤ 50 ms`, at500.ackMs.p99 <= 50, `${at500.ackMs.p99} ms`] as const] : []),
  [`end-to-end ≥ 40% of the ceiling`, best >= 0.4 * ceilingRate, `${round((best / ceilingRate) * 100)}%`] as const,
  [
    `≤ 2 transactions per inbound message`,
    results.every((r) => r.transactionsPerInbound <= 2),
    results.map((r) => r.transactionsPerInbound).join(', '),
  ] as const,
  [
    `nothing lost (acknowledged = recorded, none refused)`,
    results.every((r) => r.lost === 0 && r.refused === 0),
    results.map((r) => r.lost + r.refused).join(', '),
  ] as const,
  [
    `every acknowledged message answered within a minute of the load`,
    results.every((r) => r.unanswered === 0),
    results.map((r) => r.unanswered).join(', '),
  ] as const,
  [`peak memory ≤ 300 MB`, results.every((r) => r.peakRssMb <= 300), `${Math.max(...results.map((r) => r.peakRssMb))} MB`] as const,
];
for (const [name, ok, figure] of checks) console.log(`${ok ? 'meets ' : 'MISSES'}  ${name}: ${figure}`);

const dir = path.join(ROOT, 'bench-results');
await mkdir(dir, { recursive: true });
const report = {
  at: new Date().toISOString(),
  node: process.version,
  pool,
  seconds,
  ceiling: ceilingRate,
  results,
  checks: checks.map(([name, ok, figure]) => ({ name, ok, figure })),
};
await writeFile(path.join(dir, 'bench-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(path.join(dir, `bench-${report.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nfigures written to bench-results/bench-latest.json${profileDir ? `; CPU profiles in ${profileDir}` : ''}`);
// Targets are figures to report; losing or refusing an acknowledged message is a failure.
process.exitCode = results.every((r) => r.lost === 0 && r.refused === 0) ? 0 : 1;
