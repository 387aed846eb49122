import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { BASE_URL, freshDatabase, postgresUp } from './db.js';
import { FakePlatforms } from './fake-platforms.js';
import { buildFixline, type FixlineProcess, startFixlineProcess } from './fixline-process.js';
import { closeClient } from './http.js';
import { calibrate } from './load.js';
import { liveAcrossInstances } from './live-across.js';
import { malformedBarrage } from './malformed.js';
import { runTeachers } from './scenario.js';
import { channelEnv } from './teachers.js';
import { type Check, settle, verify } from './verify.js';

/**
 * `npm run bench:faults [-- --quick] [--instances 2]`: what survives. Redelivered events, platform
 * failures, fixline killed with SIGKILL, PostgreSQL restarted, and malformed input — each ending
 * with exact counts and a pass/fail per check; the exit code is 1 when any check fails. With
 * several instances on the one database, webhooks alternate between them request by request
 * (copies of one message go to different instances at once), one instance is the one killed, and
 * the console's live events must reach an agent signed in on another instance.
 */
const run = promisify(execFile);
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, instances: { type: 'string', default: '1' } },
});
const instanceCount = Number(values.instances);
if (!Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > 4) {
  console.error(`bench:faults: --instances must be a whole number from 1 to 4, not ${values.instances}`);
  process.exit(2);
}
const quick = values.quick;
const size = (full: number, small: number) => (quick ? small : full);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Whether this PostgreSQL is local and can be restarted from here (pg_ctlcluster). */
async function restartablePostgres(): Promise<string | null> {
  const host = new URL(BASE_URL).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) return `PostgreSQL at ${host} is not local`;
  try {
    await run('which', ['pg_ctlcluster']);
    const versions = await readdir('/etc/postgresql');
    return versions.length > 0 ? null : 'no cluster under /etc/postgresql';
  } catch {
    return 'pg_ctlcluster is not available';
  }
}

async function restartPostgres(): Promise<void> {
  const [version] = await readdir('/etc/postgresql');
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version!, 'main', 'stop', '-m', 'fast']);
  await new Promise((r) => setTimeout(r, 3000)); // down for a few seconds: webhooks must answer 5xx
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version!, 'main', 'start']);
}

if (!(await postgresUp())) {
  console.error(`bench:faults: PostgreSQL does not answer at ${BASE_URL} (set DATABASE_URL)`);
  process.exit(2);
}

await buildFixline();
const db = await freshDatabase('fixline_faults');
const fakes = new FakePlatforms();
await fakes.start();
// Each instance on a port of its own, kept when it is started again after a kill, and with a data
// folder of its own: nothing on disk is shared, as on two machines.
const dataDirs = await Promise.all(Array.from({ length: instanceCount }, () => mkdtemp(path.join(os.tmpdir(), 'fixline-faults-'))));
const envs = await Promise.all(
  dataDirs.map(async (dataDir) => ({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    // To see the photo check fail with photos on each instance's own disk: PHOTOS_STORE=files npm run bench:faults -- --instances 2
    ...(process.env.PHOTOS_STORE ? { PHOTOS_STORE: process.env.PHOTOS_STORE } : {}),
    PORT: String(await freePort()),
    OUTBOX_LEASE_SECONDS: '10',
    ...channelEnv(fakes.telegramUrl, fakes.lineUrl),
  })),
);
// The inspector (loopback only) lets the malformed-input check measure the live heap after a full
// collection. Several instances start together, as a deployment's would.
const fixlines: FixlineProcess[] = await Promise.all(envs.map((env) => startFixlineProcess(env, { inspect: true })));
const several = fixlines.length > 1;
/** The n-th request's instance: alternating, as a load balancer without sticky sessions. */
const base = (n = 0) => fixlines[n % fixlines.length]!.url;
const results: { scenario: string; checks: Check[] }[] = [];
const want = (name: string) => !values.only || values.only.split(',').includes(name);
const onInstances = several ? ` (${fixlines.length} instances, webhooks alternating)` : '';

try {
  const replies = await calibrate({ fixline: fixlines[0]!, fakes, dbUrl: db.url }, 'telegram');
  await calibrate({ fixline: fixlines.at(-1)!, fakes, dbUrl: db.url }, 'line');

  if (want('redelivery')) {
    // Every message delivered 1–5 times, the copies at once.
    const r = await runTeachers({ base, count: size(240, 30), gapMs: 400, copies: () => 1 + Math.floor(Math.random() * 5) });
    const settled = await settle(db.url, r.teachers);
    results.push({
      scenario: `redelivery: ${r.teachers.reduce((n, t) => n + t.step, 0)} events delivered ${r.copies} times${several ? ', the copies of a message at once to different instances' : ''}`,
      checks: [
        { name: 'settled', ok: settled, figures: settled ? 'all processed and sent' : 'NOT settled in 3 minutes' },
        ...(await verify(db.url, fakes, r.teachers, replies)),
      ],
    });
  }

  if (want('platform')) {
    // A fifth of the sends answered 429 (retry_after 1) or 500.
    fakes.plan = { every: 5, retryAfterSeconds: 1 };
    const failuresBefore = fakes.failures;
    const r = await runTeachers({ base, count: size(120, 20), gapMs: 400 });
    const settled = await settle(db.url, r.teachers);
    fakes.plan = { every: 0, retryAfterSeconds: 1 };
    results.push({
      scenario: `platform failures: ${fakes.failures - failuresBefore} sends answered 429 or 500${onInstances}`,
      checks: [
        { name: 'settled', ok: settled, figures: settled ? 'all processed and sent' : 'NOT settled' },
        ...(await verify(db.url, fakes, r.teachers, replies)),
      ],
    });
  }

  if (want('kill')) {
    // One instance (the last) killed with SIGKILL a third of the way in, started again on the same
    // port; with several, the others keep serving (a refused delivery is retried on another).
    const victim = fixlines.length - 1;
    let downFor = 0;
    let servedMeanwhile = 0;
    const r = await runTeachers({
      base,
      count: size(120, 20),
      gapMs: 400,
      midway: async (stats) => {
        const killed = performance.now();
        const acceptedBefore = stats.accepted;
        await fixlines[victim]!.kill();
        fixlines[victim] = await startFixlineProcess(envs[victim]!, { inspect: true });
        downFor = performance.now() - killed;
        servedMeanwhile = stats.accepted - acceptedBefore;
      },
    });
    const settled = await settle(db.url, r.teachers);
    results.push({
      scenario: `SIGKILL: ${several ? `one of ${fixlines.length} instances` : 'fixline'} down ${(downFor / 1000).toFixed(1)} s mid-load; ${r.stats.networkErrors} deliveries refused and retried${several ? ' (on another instance)' : ''}`,
      checks: [
        ...(several
          ? [
              {
                name: 'the other instances kept serving while it was down',
                ok: servedMeanwhile > 0,
                figures: `${servedMeanwhile} webhooks acknowledged meanwhile`,
              },
            ]
          : []),
        { name: 'settled', ok: settled, figures: settled ? 'all processed and sent' : 'NOT settled' },
        ...(await verify(db.url, fakes, r.teachers, replies, { allowCrashWindow: true })),
      ],
    });
  }

  if (want('live') && several) {
    results.push({
      scenario: `no sticky sessions: the console on one instance, the change on another`,
      checks: await liveAcrossInstances(fixlines[0]!, fixlines[1]!, db.url),
    });
  }

  if (want('postgres')) {
    const why = await restartablePostgres();
    if (why) {
      console.log(`PostgreSQL restart: skipped (${why}; the harness restarts only a local cluster)`);
    } else {
      const r = await runTeachers({ base, count: size(120, 20), gapMs: 400, midway: restartPostgres });
      const settled = await settle(db.url, r.teachers, 240_000);
      results.push({
        scenario: `PostgreSQL restarted mid-load: ${r.stats.serverErrors} webhooks answered 5xx, ${r.stats.networkErrors} refused, all retried${onInstances}`,
        checks: [
          {
            name: 'webhooks answered 5xx while it was down',
            ok: r.stats.serverErrors + r.stats.networkErrors > 0,
            figures: `${r.stats.serverErrors} × 5xx`,
          },
          { name: 'settled', ok: settled, figures: settled ? 'all processed and sent' : 'NOT settled' },
          ...(await verify(db.url, fakes, r.teachers, replies)),
        ],
      });
    }
  }

  if (want('malformed')) {
    // On one instance (the first): what it refuses does not depend on how many there are.
    results.push({
      scenario: `malformed input${several ? ' (sent to one of the instances)' : ''}`,
      checks: await malformedBarrage(fixlines[0]!, size(5000, 2000)),
    });
  }
} finally {
  await Promise.all(fixlines.map((f) => f.stop().catch(() => undefined)));
  await fakes.stop();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  if (process.env.FAULTS_KEEP_DB) console.log(`kept ${db.url}`);
  else await db.drop();
  closeClient();
}

let failed = 0;
for (const { scenario, checks } of results) {
  console.log(`\n${scenario}`);
  for (const c of checks) {
    if (!c.ok) failed++;
    console.log(`  ${c.ok ? 'pass' : 'FAIL'}  ${c.name}: ${c.figures}`);
  }
}
const total = results.reduce((n, r) => n + r.checks.length, 0);
console.log(`\n${total - failed} checks passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
