import http from 'node:http';
import postgres from 'postgres';
import type { FixlineProcess } from './fixline-process.js';
import { deliver, newTeacher } from './scenario.js';
import { SCRIPT, TELEGRAM_SECRET, telegramUpdate } from './teachers.js';
import type { Check } from './verify.js';

const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Agent {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** The console's real sign-in: the session cookie and the CSRF token the page would keep. */
async function signIn(base: string): Promise<Agent> {
  const res = await fetch(`${base}/api/console/login`, {
    method: 'POST',
    headers: { ...json, origin: base },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  if (res.status !== 200) throw new Error(`the bench admin could not sign in on ${base}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** An open live stream (SSE): the events it received, each with when it arrived. */
interface LiveStream {
  readonly events: { event: string; data: string; at: number }[];
  /** Resolves when the stream answered 200 (rejects otherwise). */
  readonly opened: Promise<void>;
  close(): void;
}

function openSse(url: string, headers: Record<string, string>): LiveStream {
  const events: LiveStream['events'] = [];
  let req: http.ClientRequest | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(url, { headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the live stream ${url} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      resolve();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
          if (event) events.push({ event, data, at: performance.now() });
        }
      });
    });
    req.on('error', reject);
  });
  return { events, opened, close: () => req?.destroy() };
}

async function waitFor<T>(find: () => T | undefined, until: number): Promise<T | undefined> {
  let found: T | undefined;
  while ((found = find()) === undefined && performance.now() < until) await sleep(20);
  return found;
}

/** The conversation a chat's messages went to (null until its first message was processed). */
async function conversationOf(dbUrl: string, key: string, deadlineMs: number): Promise<string | null> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const until = performance.now() + deadlineMs;
    while (performance.now() < until) {
      const [row] = await sql<{ id: string }[]>`select id from conversations where external_key = ${key}`;
      if (row) return row.id;
      await sleep(100);
    }
    return null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * One direction: an agent signed in on `watcher` with the live stream open there; a teacher's
 * first message arrives through `writer`'s webhook; the change must reach the stream on `watcher`
 * (PostgreSQL NOTIFY, heard by every instance) within `withinMs`.
 */
async function across(watcher: FixlineProcess, writer: FixlineProcess, dbUrl: string, withinMs: number): Promise<Check> {
  const name = `the console's live events reach an agent on the other instance (${writer.url} → ${watcher.url})`;
  const agent = await signIn(watcher.url);
  const stream = openSse(`${watcher.url}/api/console/events`, { cookie: agent.cookie });
  try {
    await stream.opened;
    if (!(await waitFor(() => stream.events.find((e) => e.event === 'ready'), performance.now() + 5_000)))
      return { name, ok: false, figures: 'the live stream did not say ready' };
    const t = newTeacher('telegram');
    const sent = performance.now();
    const stats = { requests: 0, accepted: 0, serverErrors: 0, networkErrors: 0, retries: 0 };
    const status = await deliver(
      () => writer.url,
      {
        path: '/webhooks/telegram',
        headers: { ...json, 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: telegramUpdate(t.key, 1, SCRIPT[0]!),
      },
      stats,
      10_000,
    );
    if (status !== 200) return { name, ok: false, figures: `the webhook on ${writer.url} answered ${status}` };
    const conversation = await conversationOf(dbUrl, t.key, withinMs);
    if (!conversation) return { name, ok: false, figures: `the message was not processed within ${withinMs} ms` };
    const hit = await waitFor(
      () =>
        stream.events.find((e) => {
          if (e.event !== 'change') return false;
          const change = JSON.parse(e.data) as { type: string; id?: string };
          return change.type === 'conversation' && change.id === conversation;
        }),
      sent + withinMs,
    );
    return hit
      ? { name, ok: true, figures: `arrived ${Math.round(hit.at - sent)} ms after the webhook was sent` }
      : { name, ok: false, figures: `nothing for that conversation within ${withinMs} ms (${stream.events.length} other events)` };
  } finally {
    stream.close();
  }
}

/**
 * The web chat's live stream open on the other instance (a load balancer may send the page's
 * EventSource anywhere) shows a message posted through the first, and the bot's answer to it.
 */
async function webchatStreamAcross(a: FixlineProcess, b: FixlineProcess): Promise<Check> {
  const name = "the web chat's live stream on one instance shows what is posted through the other, and the answer";
  const created = await fetch(`${a.url}/api/webchat/sessions`, { method: 'POST', headers: json, body: '{"lang":"zh-CN"}' });
  if (created.status !== 201) return { name, ok: false, figures: `a web chat session on the first answered ${created.status}` };
  const { sessionId, token } = (await created.json()) as { sessionId: string; token: string };
  const stream = openSse(`${b.url}/api/webchat/sessions/${sessionId}/events?after=0&token=${encodeURIComponent(token)}`, {});
  try {
    await stream.opened;
    await sleep(500); // the greeting, if it was ready, comes first
    const text = '我要报修';
    const sent = performance.now();
    const posted = await fetch(`${a.url}/api/webchat/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ text }),
    });
    if (posted.status !== 202) return { name, ok: false, figures: `posting on the first answered ${posted.status}` };
    const messages = () =>
      stream.events
        .filter((e) => e.event === 'message')
        .map((e) => ({ ...(JSON.parse(e.data) as { seq: number; from: string; text?: string }), at: e.at }));
    const until = sent + 10_000;
    const mine = await waitFor(() => messages().find((m) => m.from === 'user' && m.text === text), until);
    const answer = mine && (await waitFor(() => messages().find((m) => m.from === 'bot' && m.seq > mine.seq), until));
    return mine && answer
      ? {
          name,
          ok: true,
          figures: `the message ${Math.round(mine.at - sent)} ms and the answer ${Math.round(answer.at - sent)} ms after it was posted`,
        }
      : { name, ok: false, figures: `${mine ? 'the message, no answer' : 'nothing'} within 10 s (${messages().length} messages)` };
  } finally {
    stream.close();
  }
}

/**
 * A photo a teacher sends through one instance's web chat is shown through the other's: the web
 * chat's own attachment link, and the console's, both on the other instance (photos must be in a
 * store every instance reads: PHOTOS_STORE=database, or one folder they share).
 */
async function photoAcross(a: FixlineProcess, b: FixlineProcess, dbUrl: string): Promise<Check[]> {
  const name = 'a photo sent through one instance is shown through the other (web chat and console)';
  const created = await fetch(`${a.url}/api/webchat/sessions`, { method: 'POST', headers: json, body: '{"lang":"en"}' });
  if (created.status !== 201) return [{ name, ok: false, figures: `a web chat session on the first answered ${created.status}` }];
  const { sessionId, token } = (await created.json()) as { sessionId: string; token: string };
  const auth = { authorization: `Bearer ${token}` };
  // A small JPEG-looking photo of random bytes (its type is told by its first bytes).
  const bytes = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) % 256)),
  ]);
  const posted = await fetch(`${a.url}/api/webchat/sessions/${sessionId}/photos`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'image/jpeg' },
    body: bytes,
  });
  if (posted.status !== 202) return [{ name, ok: false, figures: `the photo upload on the first answered ${posted.status}` }];
  // Its transcript entry, read through the other instance.
  let link: string | undefined;
  const until = performance.now() + 10_000;
  while (!link && performance.now() < until) {
    const res = await fetch(`${b.url}/api/webchat/sessions/${sessionId}/messages?after=0`, { headers: auth });
    if (res.ok) link = ((await res.json()) as { messages: { photo?: string }[] }).messages.find((m) => m.photo)?.photo;
    if (!link) await sleep(100);
  }
  if (!link) return [{ name, ok: false, figures: 'the photo did not reach the transcript within 10 s' }];
  const same = async (res: Response) => res.status === 200 && Buffer.from(await res.arrayBuffer()).equals(bytes);
  const webchat = await fetch(`${b.url}${link}`, { headers: auth });
  const webchatOk = await same(webchat);
  const attachmentId = link.split('/').at(-1)!;
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ conversation_id: string }[]>`select conversation_id from attachments where id = ${attachmentId}`.finally(() =>
    sql.end({ timeout: 5 }),
  );
  const agent = await signIn(a.url);
  const consoleRes = await fetch(`${b.url}/api/console/conversations/${row?.conversation_id}/attachments/${attachmentId}`, {
    headers: { cookie: agent.cookie },
  });
  const consoleOk = await same(consoleRes);
  return [
    {
      name,
      ok: webchatOk && consoleOk,
      figures: `uploaded on the first; on the other: web chat ${webchat.status}${webchatOk ? ' (the same bytes)' : ''}, console ${consoleRes.status}${consoleOk ? ' (the same bytes)' : ''}`,
    },
  ];
}

/**
 * Several instances without sticky sessions: the console's live events reach an agent on either
 * instance whichever instance the change happened on (both ways), and a session begun on one
 * instance works on the other — reading, a change with its CSRF token, and signing out there ends
 * it on the first; and a photo sent through one is shown through the other.
 */
export async function liveAcrossInstances(a: FixlineProcess, b: FixlineProcess, dbUrl: string): Promise<Check[]> {
  const checks: Check[] = [
    await across(a, b, dbUrl, 5_000),
    await across(b, a, dbUrl, 5_000),
    await webchatStreamAcross(a, b),
    ...(await photoAcross(a, b, dbUrl)),
  ];

  const agent = await signIn(a.url);
  const me = await fetch(`${b.url}/api/console/me`, { headers: { cookie: agent.cookie } });
  const meBody = me.ok ? ((await me.json()) as { csrfToken: string }) : null;
  checks.push({
    name: 'a session cookie from one instance is accepted by the other (no sticky sessions)',
    ok: me.status === 200 && meBody?.csrfToken === agent.csrfToken,
    figures: `GET /api/console/me on the other: ${me.status}${meBody ? ', the same CSRF token' : ''}`,
  });
  // A state-changing request on B with A's CSRF token: signing out, which must end the session on A too.
  const out = await fetch(`${b.url}/api/console/logout`, {
    method: 'POST',
    headers: { ...json, cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, origin: b.url },
    body: '{}',
  });
  const after = await fetch(`${a.url}/api/console/me`, { headers: { cookie: agent.cookie } });
  checks.push({
    name: "a change with the session's CSRF token on the other instance (sign-out there ends the session here)",
    ok: out.status === 200 && after.status === 401,
    figures: `POST /api/console/logout on the other: ${out.status}; then /me here: ${after.status}`,
  });
  return checks;
}
