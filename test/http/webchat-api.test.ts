import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { inboundEvents } from '../../src/storage/schema.js';
import { ChatClient, startTestServer } from '../support/server.js';

/** A 1×1 PNG. */
const PNG = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);

let fixline: Fixline;
const METRICS_TOKEN = 'webchat-test-metrics-token';
beforeAll(async () => {
  fixline = await startTestServer({ METRICS_TOKEN });
});
afterAll(async () => fixline?.stop());

const events = async () => (await fixline.database.db.select({ n: count() }).from(inboundEvents))[0]!.n;

describe('web chat API', () => {
  it('opens a session that the bot greets in zh-CN, without showing the opening as a user message', async () => {
    const chat = new ChatClient(fixline.url);
    const res = await chat.open();
    expect(res.status).toBe(201);
    expect(chat.token.length).toBeGreaterThanOrEqual(40);
    await chat.waitFor(/您好，这里是设备报修服务/);
    const { found, messages } = await chat.waitFor(/请选择需要的服务/);
    expect(found.choices?.map((c) => c.label)).toEqual(['我要报修', '我的工单', '人工客服', 'English']);
    expect(messages.filter((m) => m.from === 'user')).toEqual([]);
  });

  it('takes text and button choices and answers through the transcript', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open({ lang: 'en' });
    await chat.waitFor(/Hello, this is the equipment fault desk/);
    const { found } = await chat.waitFor(/What can I do for you/);
    const report = found.choices!.find((c) => c.label === 'Report a fault')!;
    expect((await chat.post({ choice: report.id })).status).toBe(202);
    await chat.waitFor(/What is your name/);
    expect((await chat.post({ text: 'Ms Lee' })).status).toBe(202);
    const { messages } = await chat.waitFor(/Which school or venue/);
    expect(messages.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['Report a fault', 'Ms Lee']);
    const after = await chat.messages(messages.at(-2)!.seq);
    expect(after.messages.map((m) => m.seq)).toEqual([messages.at(-1)!.seq]);
    expect(after.lang).toBe('en');
  });

  it('a link with an asset tag starts a report for that device', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open({ asset: 'FX-PNL-0002' });
    await chat.waitFor(/怎么称呼/);
    await chat.post({ text: '周老师' });
    await chat.waitFor(/您正在为 一体机 FX-PNL-0002（明湖小学 五年级一班）报修/);
  });

  it('a retried send with the same clientId counts once', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/设备报修服务/);
    const first = await chat.post({ text: '报修', clientId: 'msg-1' });
    const again = await chat.post({ text: '报修', clientId: 'msg-1' });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    const { messages } = await chat.waitFor(/怎么称呼/);
    expect(messages.filter((m) => m.from === 'user')).toHaveLength(1);
  });

  it('refuses without the right token, before anything is stored', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const before = await events();
    const none = await fetch(chat.url('/messages'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(/Bearer/) });
    const wrong = await chat.post({ text: 'hi' }, { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    const other = new ChatClient(fixline.url);
    await other.open();
    const stolen = await fetch(other.url('/messages?after=0'), { headers: { authorization: `Bearer ${chat.token}` } });
    expect(stolen.status).toBe(401);
    expect(await events()).toBe(before + 1); // only the other session's opening
  });

  it('answers malformed requests with a 4xx and a reason', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const cases: [Promise<Response>, number, string][] = [
      [chat.post('{"text":'), 400, 'invalid_json'],
      [chat.post({ text: 'a', choice: 'b' }), 400, 'invalid_request'],
      [chat.post({ text: 42 }), 400, 'invalid_request'],
      [chat.post({ text: 'x', clientId: 'has spaces' }), 400, 'invalid_request'],
      [chat.post({ text: 'x'.repeat(70_000) }), 413, 'body_too_large'],
      [chat.post('text=hi', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      [fetch(chat.url('/messages?after=-1'), { headers: { authorization: `Bearer ${chat.token}` } }), 400, 'invalid_request'],
      [fetch(`${fixline.url}/api/nothing`), 404, 'not_found'],
    ];
    for (const [request, status, code] of cases) {
      const res = await request;
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: code, message: expect.any(String) });
    }
    // A body of neither form says what the two forms are.
    const neither = await chat.post({ bad: 1 });
    expect(await neither.json()).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/"text".*"choice"/) });
  });

  it('accepts a photo, shows it in the transcript, and serves it only to its session', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/设备报修服务/);
    const upload = (body: Uint8Array<ArrayBuffer>, type = 'image/png') =>
      fetch(chat.url('/photos'), { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${chat.token}` }, body });
    expect((await upload(new TextEncoder().encode('not an image'), 'image/png')).status).toBe(415);
    expect((await upload(new Uint8Array())).status).toBe(400);
    expect((await upload(PNG)).status).toBe(202);
    const { messages } = await chat.waitFor(/设备报修服务/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const photo = (await chat.messages()).messages.find((m) => m.photo);
    expect(photo?.from).toBe('user');
    const res = await fetch(`${fixline.url}${photo!.photo}`, { headers: { authorization: `Bearer ${chat.token}` } });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    const other = new ChatClient(fixline.url);
    await other.open();
    const foreign = await fetch(`${fixline.url}${photo!.photo!.replace(chat.sessionId, other.sessionId)}`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(foreign.status).toBe(404);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('streams new messages as server-sent events', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const { messages } = await chat.waitFor(/设备报修服务/);
    const controller = new AbortController();
    const res = await fetch(chat.url(`/events?after=${messages.at(-1)!.seq}`), {
      headers: { authorization: `Bearer ${chat.token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await chat.post({ text: '报修' });
    let buffer = '';
    const decoder = new TextDecoder();
    while (!buffer.includes('怎么称呼')) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const data = buffer
      .split('\n\n')
      .filter((block) => block.includes('event: message'))
      .map(
        (block) =>
          JSON.parse(
            block
              .split('\n')
              .find((l) => l.startsWith('data: '))!
              .slice(6),
          ) as { seq: number; from: string; text: string },
      );
    expect(data.map((d) => [d.from, d.text])).toEqual([
      ['user', '报修'],
      ['bot', expect.stringMatching(/怎么称呼/)],
    ]);
    expect(buffer).toMatch(new RegExp(`id: ${data[0]!.seq}\\n`));
  });

  it('slows down a client that sends too fast', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await chat.post({ text: `m${i}` })).status);
    expect(statuses.filter((s) => s === 429).length, JSON.stringify(statuses)).toBeGreaterThan(0);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
  });

  it('counts what it does at /metrics', async () => {
    const text = await (await fetch(`${fixline.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(Number(/fixline_inbound_accepted_total\{channel="webchat"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(5);
    expect(Number(/fixline_inbound_processed_total\{channel="webchat"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(5);
    expect(Number(/fixline_db_statements_total (\d+)/.exec(text)?.[1])).toBeGreaterThan(
      Number(/fixline_db_transactions_total (\d+)/.exec(text)?.[1]),
    );
    expect(text).toMatch(/fixline_process_resident_bytes \d+/);
  });

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${fixline.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${fixline.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'pglite' });
    const page = await fetch(`${fixline.url}/chat`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
