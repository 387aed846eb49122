import { post } from './http.js';
import { type Channel, lineBody, lineSignature, SCRIPT, type Teacher, TELEGRAM_SECRET, telegramUpdate } from './teachers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nextTeacher = 1;
export function newTeacher(channel: Channel): Teacher {
  const n = nextTeacher++;
  const key = channel === 'telegram' ? String(7_000_000_000 + n) : `Uf${String(n).padStart(31, '0')}`;
  return { channel, key, step: 0, sentAt: [], ackedAt: [] };
}

interface Request {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The k-th message of a teacher as the platform delivers it — the same update every time it is
 * delivered again (`redelivery` marks LINE's repeats, as LINE does).
 */
function request(t: Teacher, k: number, redelivery: boolean, telegramBodies: Map<string, string>): Request {
  if (t.channel === 'telegram') {
    const id = `${t.key}:${k}`;
    let body = telegramBodies.get(id);
    if (!body) telegramBodies.set(id, (body = telegramUpdate(t.key, k + 1, SCRIPT[k]!)));
    return {
      path: '/webhooks/telegram',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body,
    };
  }
  const base = JSON.parse(lineBody(t.key, k, SCRIPT[k]!)) as { events: { deliveryContext: { isRedelivery: boolean } }[] };
  if (redelivery) base.events[0]!.deliveryContext.isRedelivery = true;
  const body = JSON.stringify(base);
  return { path: '/webhooks/line', headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body) }, body };
}

export interface DeliveryStats {
  requests: number;
  accepted: number;
  serverErrors: number;
  networkErrors: number;
  retries: number;
}

/**
 * Delivers a webhook as the platforms do: until it is answered 200, retrying 5xx and network
 * errors with backoff (Telegram and LINE both redeliver). Gives up after `deadlineMs`. `base`
 * names the instance each attempt goes to (a load balancer sends a retry wherever it likes).
 */
export async function deliver(
  base: (attempt: number) => string,
  req: Request,
  stats: DeliveryStats,
  deadlineMs = 180_000,
): Promise<number> {
  const until = performance.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    stats.requests++;
    const r = await post(`${base(attempt)}${req.path}`, req.headers, req.body, 15_000);
    if (r.status === 200) {
      stats.accepted++;
      return 200;
    }
    if (r.status === 0) stats.networkErrors++;
    else if (r.status >= 500) stats.serverErrors++;
    else return r.status; // a 4xx is final: the platform would not send it again
    if (performance.now() > until) return r.status;
    stats.retries++;
    await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
  }
}

export interface TeacherRun {
  readonly teachers: Teacher[];
  readonly stats: DeliveryStats;
  /** How many times each message was delivered (redelivery runs). */
  copies: number;
}

/**
 * Teachers going through the whole script at the same time, each message after the previous one
 * was acknowledged and `gapMs` passed; each message delivered `copies(k)` times at once.
 */
export async function runTeachers(options: {
  /**
   * Where the n-th request goes: n counts a teacher's messages, the copies of one message and the
   * attempts of a copy, so with several instances consecutive messages, the copies of one message
   * sent at once, and a retry each go to another instance than the one before.
   */
  readonly base: (n: number) => string;
  readonly count: number;
  readonly gapMs: number;
  readonly copies?: () => number;
  /** Called once a good share of the messages went out (to inject a fault mid-load). */
  readonly midway?: (stats: DeliveryStats) => Promise<void>;
}): Promise<TeacherRun> {
  const teachers = Array.from({ length: options.count }, (_, i) => newTeacher(i % 2 ? 'line' : 'telegram'));
  const run: TeacherRun = { teachers, stats: { requests: 0, accepted: 0, serverErrors: 0, networkErrors: 0, retries: 0 }, copies: 0 };
  let sent = 0;
  const total = teachers.length * SCRIPT.length;
  const bodies = new Map<string, string>();
  let midway: Promise<void> | undefined;
  await Promise.all(
    teachers.map(async (t, i) => {
      await sleep((i * options.gapMs) / teachers.length); // spread the starts
      for (let k = 0; k < SCRIPT.length; k++) {
        const n = options.copies?.() ?? 1;
        run.copies += n;
        t.sentAt[k] = performance.now();
        await Promise.all(
          Array.from({ length: n }, (_, c) =>
            deliver((attempt) => options.base(i + k + c + attempt), request(t, k, c > 0, bodies), run.stats),
          ),
        );
        t.ackedAt[k] = performance.now();
        t.step = k + 1;
        if (++sent === Math.floor(total / 3) && options.midway) midway = options.midway(run.stats);
        await sleep(options.gapMs);
      }
    }),
  );
  await midway;
  return run;
}
