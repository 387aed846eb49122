import { randomBytes } from 'node:crypto';
import type { FixlineProcess } from './fixline-process.js';
import { type Posted, post } from './http.js';
import { poisonMakers } from './poison.js';
import { lineBody, lineSignature, TELEGRAM_SECRET, telegramUpdate } from './teachers.js';
import type { Check } from './verify.js';

/** A small deterministic random source, so a failing run can be repeated. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Flips, cuts and splices a valid payload. */
function mutate(text: string, random: () => number): string {
  const chars = Array.from(text);
  const ops = 1 + Math.floor(random() * 4);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(random() * chars.length);
    const op = random();
    if (op < 0.3) chars.splice(at, 1 + Math.floor(random() * 8));
    else if (op < 0.55) chars.splice(at, 0, '{}[]":,\\0'[Math.floor(random() * 9)]!);
    else if (op < 0.75) chars[at] = String.fromCharCode(Math.floor(random() * 0xffff));
    else chars.splice(at, 0, ...'"update_id":-1,"x":'.split(''));
  }
  return chars.join('');
}

/** A leak of 4 KB per bad request shows within the thousand of the quick run's second half; the run-to-run noise is under 1 MB. */
const LEAK_MB = 4;

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Thousands of bad requests at both webhooks: mutated payloads (signed, so they reach the
 * parser), random bytes, invalid UTF-8, wrong signatures and secrets, huge and deeply nested
 * bodies; and NUL or lone surrogates in every stored field of the webhooks, the web chat and the
 * console, out-of-range `?after=`, a disguised Content-Type (bench/poison.ts). Every answer must be a 4xx (or 200 for a mutation that is still a valid, ignorable
 * update); no 5xx, the process alive and ready, its memory flat.
 */
export async function malformedBarrage(fixline: FixlineProcess, count: number): Promise<Check[]> {
  const random = rng(20261123);
  const statuses = new Map<number, number>();
  let bad = 0;
  let closedEarly = 0;
  const failures = new Map<string, number>();
  await fixline.resetPeak();
  const heapBefore = await fixline.liveHeap();
  const tg = (body: string | Buffer, secret = TELEGRAM_SECRET) =>
    post(`${fixline.url}/webhooks/telegram`, { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body);
  const line = (body: string, signature?: string) =>
    post(
      `${fixline.url}/webhooks/line`,
      { 'content-type': 'application/json', 'x-line-signature': signature ?? lineSignature(body) },
      body,
    );

  // Oversized bodies may see the connection closed after the 413, while they are still being sent.
  const oversized = new Set<number>([11, 12]);
  const makers: (() => Promise<Posted>)[] = [
    () => tg(mutate(telegramUpdate('6000000001', 1, '一体机黑屏了'), random)),
    () => line(mutate(lineBody('Ufuzz0000000000000000000000000001', 1, 'hello'), random)),
    () => tg(randomBytes(1 + Math.floor(random() * 2000))),
    () => line(randomBytes(1 + Math.floor(random() * 2000)).toString('latin1')),
    () => tg(Buffer.concat([Buffer.from('{"update_id":5,"message":{"text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')])),
    () => tg(telegramUpdate('6000000001', 1, 'hi'), 'wrong-secret-wrong-secret'),
    () => line(lineBody('Ufuzz0000000000000000000000000001', 1, 'hello'), 'bm90IHRoZSBzaWduYXR1cmU='),
    () => line(lineBody('Ufuzz0000000000000000000000000001', 1, 'hello'), ''),
    () => tg(nested(50_000)),
    () => line(nested(50_000)),
    () => tg(`{"update_id":1,"message":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`),
    () => tg('x'.repeat(2 * 1024 * 1024)),
    () => line(`{"events":[${'{"type":"message"},'.repeat(100_000)}{}]}`),
    () =>
      tg(
        JSON.stringify({
          update_id: Math.floor(random() * 1e9),
          message: { message_id: 1, chat: { id: 'not-a-number', type: 42 }, text: ['x'] },
        }),
      ),
    () => line(JSON.stringify({ destination: 'U', events: [{ type: 'message', source: null, message: { type: 'text', text: 7 } }] })),
    // NUL and lone surrogates in every stored field, on every channel and the console.
    ...(await poisonMakers(fixline.url, random)),
  ];

  const started = performance.now();
  let heapWarm = 0;
  for (let i = 0; i < count; i += 20) {
    // The first half warms the process up (caches and pools reach their working size); the second must not grow what stays referenced.
    if (heapWarm === 0 && i >= count / 2) heapWarm = await fixline.liveHeap();
    const kinds = Array.from({ length: Math.min(20, count - i) }, (_, j) => (i + j) % makers.length);
    const answers = await Promise.all(kinds.map((k) => makers[k]!()));
    answers.forEach((r, j) => {
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 0 && oversized.has(kinds[j]!)) closedEarly++;
      else if (r.status === 0 || r.status >= 500) {
        bad++;
        const why = `maker ${kinds[j]}: ${r.status || r.error}`;
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const ready = await fetch(`${fixline.url}/readyz`)
    .then((r) => r.ok)
    .catch(() => false);
  const heapAfter = await fixline.liveHeap();
  const peak = await fixline.peakRss();
  const growthMb = (heapAfter - heapWarm) / 2 ** 20;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const summary = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return [
    {
      name: `${count} malformed requests: 4xx (or a harmless 200), never 5xx`,
      ok: bad === 0,
      figures: `${summary} in ${seconds.toFixed(1)} s (0 = connection closed after the 413 of an oversized body: ${closedEarly})${[...failures].map(([why, n]) => `; ${why} ×${n}`).join('')}`,
    },
    { name: 'still alive and ready afterwards', ok: ready, figures: ready ? 'ready' : 'NOT ready' },
    {
      name: `memory flat (what stays referenced after a full collection grows < ${LEAK_MB} MB over the second half)`,
      ok: growthMb < LEAK_MB,
      figures: `live heap and buffers ${mb(heapBefore)} MB before, ${mb(heapWarm)} MB half-way, ${mb(heapAfter)} MB after; peak resident ${mb(peak)} MB`,
    },
  ];
}
