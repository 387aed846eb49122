import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { ChatClient, startTestServer } from '../support/server.js';

const DAY = 24 * 60 * 60 * 1000;
let now = Date.parse('2026-03-02T08:00:00Z');
let fixline: Fixline;

beforeAll(async () => {
  fixline = await startTestServer(
    { WEBCHAT_STREAMS_PER_SESSION: '2', WEBCHAT_STREAMS_PER_ADDRESS: '3', CONSOLE_STREAMS_PER_SESSION: '2' },
    { clock: () => new Date(now) },
  );
});
afterAll(async () => fixline?.stop());

const authorised = (chat: ChatClient) => ({ authorization: `Bearer ${chat.token}` });

/** Waits until the bot has answered the user's message. */
async function answered(chat: ChatClient, text: string) {
  for (let i = 0; i < 200; i++) {
    const { messages } = await chat.messages();
    const said = messages.findIndex((m) => m.from === 'user' && m.text === text);
    if (said >= 0 && messages.slice(said + 1).some((m) => m.from === 'bot')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no answer to ${text}`);
}

describe('web chat sessions end: 30 idle days, 180 days in all (the defaults)', () => {
  it('a session used within 30 days goes on; 30 days without a message ends it with a clear 401', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/请选择需要的服务/);
    now += 29 * DAY;
    expect((await fetch(chat.url('/messages'), { headers: authorised(chat) })).status).toBe(200);
    expect((await chat.post({ text: '我的工单' })).status).toBe(202);
    await chat.waitFor(/还没有报修记录/);
    now += 29 * DAY; // 29 days after the last message
    expect((await fetch(chat.url('/messages'), { headers: authorised(chat) })).status).toBe(200);
    now += 2 * DAY; // 31 days
    for (const res of [
      await fetch(chat.url('/messages'), { headers: authorised(chat) }),
      await chat.post({ text: '还在吗' }),
      await fetch(chat.url(`/events?token=${chat.token}`)),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'session_expired',
        message: expect.stringMatching(/ended .*30 days.*180 days.*start a new session/),
      });
    }
    // A wrong token still reads as unknown, not as expired (nothing is told about the session).
    expect(await (await fetch(chat.url('/messages'), { headers: { authorization: 'Bearer nope' } })).json()).toMatchObject({
      error: 'unauthorized',
    });
  });

  it('however active, a session ends 180 days after it began', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/请选择需要的服务/);
    for (let day = 20; day < 180; day += 20) {
      now += 20 * DAY;
      expect((await chat.post({ text: `第${day}天` })).status, `day ${day}`).toBe(202);
      await answered(chat, `第${day}天`); // the turn is the session's activity
    }
    now += 21 * DAY; // day 181, 21 days after the last message
    const res = await fetch(chat.url('/messages'), { headers: authorised(chat) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'session_expired' });
  });
});

/** Opens a live stream; resolves once its headers arrived, with the way to close it. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  return {
    res,
    async close() {
      controller.abort();
      await res.body?.cancel().catch(() => undefined);
    },
  };
}

async function eventually(open: () => Promise<Awaited<ReturnType<typeof openStream>>>) {
  for (let i = 0; ; i++) {
    const stream = await open();
    if (stream.res.status === 200 || i >= 40) return stream;
    await stream.close();
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('live streams are capped', () => {
  it('per web chat session and per client address: 429 with the reason; a closed stream frees its place', async () => {
    const a = new ChatClient(fixline.url);
    const b = new ChatClient(fixline.url);
    await a.open();
    await b.open();
    const events = (chat: ChatClient) => () => openStream(chat.url(`/events?token=${chat.token}`));
    const first = [await events(a)(), await events(a)()];
    expect(first.map((s) => s.res.status)).toEqual([200, 200]);
    const third = await events(a)();
    expect(third.res.status).toBe(429);
    expect(await third.res.json()).toEqual({
      error: 'too_many_streams',
      message: expect.stringMatching(/this session already has 2 live streams open/),
    });

    const onB = await events(b)();
    expect(onB.res.status).toBe(200); // the address's third
    const fourth = await events(b)();
    expect(fourth.res.status).toBe(429);
    expect(await fourth.res.json()).toMatchObject({
      error: 'too_many_streams',
      message: expect.stringMatching(/3 live streams are already open from this address/),
    });
    // Polling still works for a client refused a stream.
    expect((await fetch(b.url('/messages'), { headers: authorised(b) })).status).toBe(200);

    await first[0]!.close();
    const again = await eventually(events(b));
    expect(again.res.status).toBe(200);
    for (const s of [first[1]!, onB, again]) await s.close();
  });

  it('per console session: 429 with the reason over the cap', async () => {
    const admin = new ConsoleClient(fixline.url);
    await admin.login('admin', 'a-long-test-password');
    const events = () => openStream(`${fixline.url}/api/console/events`, { cookie: admin.cookie });
    const open = [await events(), await events()];
    expect(open.map((s) => s.res.status)).toEqual([200, 200]);
    const third = await events();
    expect(third.res.status).toBe(429);
    expect(await third.res.json()).toEqual({
      error: 'too_many_streams',
      message: expect.stringMatching(/2 live streams open \(one per console tab\)/),
    });
    await open[0]!.close();
    const again = await eventually(events);
    expect(again.res.status).toBe(200);
    for (const s of [open[1]!, again]) await s.close();
  });
});
