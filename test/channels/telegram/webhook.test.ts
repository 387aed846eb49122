import http from 'node:http';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, inboundEvents, messages } from '../../../src/storage/schema.js';
import { fixture } from './fake-telegram.js';
import { SECRET, type TelegramDesk, telegramDesk } from './harness.js';

const HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/**
 * A POST on a connection of its own: fixline answers a refused request without reading its body,
 * and a client reusing that connection for the next request would see it closed.
 */
function post(url: string, body: string | string[], headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const length = typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : {};
    const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, ...length } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (typeof body === 'string') return req.end(body);
    // Chunked, without Content-Length: written piece by piece until fixline answers.
    const write = (i: number): void => {
      if (answered || req.destroyed) return;
      if (i >= body.length) return void req.end();
      req.write(body[i], () => write(i + 1));
    };
    write(0);
  });
}

/** The webhook as Telegram reaches it, with fixline started from its environment (registry, real limits). */
describe('Telegram webhook', () => {
  let desk: TelegramDesk;
  beforeAll(async () => {
    desk = await telegramDesk({ viaConfig: true });
  });
  afterAll(async () => desk?.stop());

  it('at start registers the webhook with its secret and the command menus in Chinese and English', async () => {
    const webhook = await desk.fake.waitFor(() => desk.fake.callsOf('setWebhook')[0], 'setWebhook');
    expect(webhook.body).toEqual({
      url: 'https://fixline.example.org/webhooks/telegram',
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    await desk.fake.waitFor(() => desk.fake.callsOf('setMyCommands').length === 2, 'both command menus');
    const [zh, en] = desk.fake.callsOf('setMyCommands').map((c) => c.body);
    expect(zh!.language_code).toBe('zh');
    expect(en!.language_code).toBeUndefined();
    const menu = (body: typeof zh) =>
      Object.fromEntries((body!.commands as { command: string; description: string }[]).map((c) => [c.command, c.description]));
    expect(menu(zh)).toMatchObject({
      start: '开始',
      report: '我要报修',
      status: '我的工单',
      agent: '人工客服',
      cancel: '取消',
      lang: 'English',
      help: '帮助',
    });
    expect(menu(en)).toMatchObject({
      start: 'Start',
      report: 'Report a fault',
      status: 'My tickets',
      agent: 'Talk to a human',
      cancel: 'Cancel',
      lang: '中文',
      help: 'Help',
    });
    expect(desk.fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it("paces replies to one chat at Telegram's limits: a burst of 3, then about one a second", async () => {
    const teacher = desk.user(5550400);
    await teacher.say('/start');
    await teacher.say('/help');
    await desk.fake.waitFor(() => desk.fake.sent(teacher.chat.id).length >= 4, 'four replies', 10_000);
    const at = desk.fake
      .callsOf('sendMessage')
      .filter((c) => c.body.chat_id === teacher.chat.id)
      .map((c) => c.at);
    // Three go at once; the fourth waits for the per-chat bucket to refill (1 a second).
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(800);
  });

  it('accepts or politely ignores every shared fixture as it is, never with a 5xx', async () => {
    // A captured private text update: recorded and answered.
    const text = fixture('teloxide_update_private_text.json');
    const res = await desk.post(text);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, accepted: 1, duplicates: 0, ignored: 0 });
    await desk.fake.waitFor(() => desk.fake.sent(408258968).length >= 1, 'a reply to the teloxide user');
    expect((await desk.transcript(408258968))[0]).toMatchObject({ direction: 'in', kind: 'text', text: '4' });

    // A bare Message with four photo sizes, wrapped in an Update: the largest is fetched and stored.
    const photo = fixture('teloxide_message_photo_4_sizes_caption_url.json') as { photo: { file_id: string }[] };
    const photoRes = await desk.post({ update_id: 306197399, message: photo });
    expect(photoRes.status).toBe(200);
    const stored = await desk.fake.waitFor(async () => {
      const rows = await desk.db
        .select()
        .from(messages)
        .where(and(eq(messages.kind, 'photo'), isNotNull(messages.attachmentId)));
      return rows[0];
    }, 'the photo to be stored as an attachment');
    expect(stored.text).toBe('www.example.com');
    const [file] = await desk.db.select().from(attachments).where(eq(attachments.id, stored.attachmentId!));
    expect(file).toMatchObject({ mime: 'image/jpeg' });
    expect(desk.fake.callsOf('getFile').map((c) => c.body.file_id)).toEqual([photo.photo.at(-1)!.file_id]);

    // A callback from an inline-mode message (the docs' older shape): not ours, acknowledged, button answered.
    const before = await desk.inboundCount();
    const callback = await desk.post(fixture('tg-docs-webhooks_update_callback_query_inline.json'));
    expect(callback.status).toBe(200);
    expect(await callback.json()).toEqual({ ok: true, accepted: 0, duplicates: 0, ignored: 1 });
    expect(await desk.inboundCount()).toBe(before);
    await desk.fake.waitFor(
      () => desk.fake.callsOf('answerCallbackQuery').some((c) => c.body.callback_query_id === '4382bfdwdsb323b2d9'),
      'the callback answered',
    );

    // An error reply of the Bot API is not an update: refused with a reason, not a crash.
    const error = await desk.post(fixture('telegrambots-java_ResponseWithError.json'));
    expect(error.status).toBe(400);
    expect(await error.json()).toMatchObject({ error: 'not_an_update' });
  });

  it('refuses a missing or wrong secret, an oversized, malformed or non-update body with a clear 4xx, storing nothing', async () => {
    const before = await desk.inboundCount();
    const update = JSON.stringify(desk.user(5550200).text('hello'));
    const cases: [string, { body: string; headers: Record<string, string> }, number, string][] = [
      ['no secret', { body: update, headers: {} }, 401, 'missing_secret'],
      ['wrong secret', { body: update, headers: { [HEADER]: 'not-the-secret-at-all-0000' } }, 403, 'bad_secret'],
      ['empty secret', { body: update, headers: { [HEADER]: '' } }, 403, 'bad_secret'],
      ['secret prefix', { body: update, headers: { [HEADER]: SECRET.slice(0, -1) } }, 403, 'bad_secret'],
      ['secret plus one', { body: update, headers: { [HEADER]: `${SECRET}x` } }, 403, 'bad_secret'],
      ['oversized without secret', { body: 'x'.repeat(1024 * 1024 + 1), headers: {} }, 401, 'missing_secret'],
      ['malformed with a wrong secret', { body: '{"update_id":', headers: { [HEADER]: 'wrong' } }, 403, 'bad_secret'],
      ['oversized', { body: `{"update_id":1,"pad":"${'x'.repeat(1024 * 1024)}"}`, headers: { [HEADER]: SECRET } }, 413, 'body_too_large'],
      ['malformed JSON', { body: '{"update_id": 1,', headers: { [HEADER]: SECRET } }, 400, 'invalid_json'],
      ['empty body', { body: '', headers: { [HEADER]: SECRET } }, 400, 'invalid_json'],
      ...['[]', '{}', 'null', '42', '"update"', '{"update_id":"1"}', '{"update_id":-1}', '{"update_id":1.5}', '[{"update_id":1}]'].map(
        (body): [string, { body: string; headers: Record<string, string> }, number, string] => [
          `not an update: ${body}`,
          { body, headers: { [HEADER]: SECRET } },
          400,
          'not_an_update',
        ],
      ),
    ];
    for (const [name, init, status, code] of cases) {
      const res = await post(`${desk.fixline.url}/webhooks/telegram`, init.body, { 'content-type': 'application/json', ...init.headers });
      expect(res.status, name).toBe(status);
      const body = JSON.parse(res.body) as { error: string; message: string };
      expect(body.error, name).toBe(code);
      expect(body.message.length, name).toBeGreaterThan(10);
    }
    // A body streamed without Content-Length is cut off at the limit too.
    const streamed = await post(
      `${desk.fixline.url}/webhooks/telegram`,
      ['{"update_id":1,"pad":"', ...Array.from({ length: 20 }, () => 'x'.repeat(64 * 1024)), '"}'],
      { [HEADER]: SECRET },
    );
    expect(streamed.status).toBe(413);

    expect(await desk.inboundCount()).toBe(before);
    expect((await fetch(`${desk.fixline.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${desk.fixline.url}/webhooks/telegram`)).status).toBe(404);
  });

  it('a redelivered update, also five times at once, gives one transcript entry and one reply', async () => {
    const teacher = desk.user(5550300, { lang: 'en' });
    const update = teacher.text('/help');
    const results = await Promise.all(Array.from({ length: 5 }, () => desk.post(update)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = (await Promise.all(results.map((r) => r.json()))) as { accepted: number; duplicates: number }[];
    expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(1);
    expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(4);
    await desk.settled(teacher.chat.id);
    const again = await desk.post(update);
    expect(await again.json()).toEqual({ ok: true, accepted: 0, duplicates: 1, ignored: 0 });
    await desk.settled(teacher.chat.id);

    const events = await desk.db
      .select()
      .from(inboundEvents)
      .where(eq(inboundEvents.conversationKey, String(teacher.chat.id)));
    expect(events).toHaveLength(1);
    const transcript = await desk.transcript(teacher.chat.id);
    expect(transcript.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['/help']);
    const out = transcript.filter((m) => m.direction === 'out').map((m) => m.text);
    expect(out.length).toBeGreaterThan(0);
    expect(desk.fake.sent(teacher.chat.id).map((m) => m.text)).toEqual(out);
  });
});
