import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxPayload } from '../../../src/ports/outbox.js';
import { lineChannel } from '../../../src/channels/line/index.js';
import { pushRetryKey } from '../../../src/channels/line/retry-key.js';
import type { ChannelTransport } from '../../../src/ports/transport.js';
import { FakeLineApi } from './fake-line-api.js';
import { ACCESS_TOKEN } from './harness.js';

const NOW = new Date('2026-10-12T06:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The LINE transport against the fake platform, through the SDK's real client. */
describe('LINE transport: reply while fresh, push with retry keys, limits, failures', () => {
  let fake: FakeLineApi;
  let transport: ChannelTransport;
  let paced = 0;
  const pace = async () => {
    paced++;
  };
  let nextId = 1000;
  let user = '';
  /** Queued messages to `user`; `token` gives them a reply token issued `age` ms before NOW. */
  const items = (n: number, over: Partial<OutboxPayload> & { token?: string; age?: number } = {}): OutboxItem[] => {
    const { token, age = 5_000, ...payload } = over;
    return Array.from({ length: n }, (_, i) => ({
      id: ++nextId,
      payload: {
        to: user,
        lang: 'zh-CN',
        text: `message ${nextId} (${i + 1}/${n})`,
        ...(token ? { replyToken: token, replyTokenAt: ago(age) } : {}),
        ...payload,
      },
      attempts: 0,
      createdAt: new Date(NOW.getTime() - 5_000),
    }));
  };
  const deliver = (batch: readonly OutboxItem[], now = NOW) => transport.deliver(batch, pace, now);
  const apiCalls = () => fake.calls.filter((c) => c.server === 'api');
  const sent = (path: 'reply' | 'push') => apiCalls().filter((c) => c.path === `/v2/bot/message/${path}`);

  beforeAll(async () => {
    fake = await FakeLineApi.start(ACCESS_TOKEN);
    transport = lineChannel({
      channelSecret: 'unused-secret',
      accessToken: ACCESS_TOKEN,
      apiBaseUrl: fake.apiUrl,
      dataApiBaseUrl: fake.dataUrl,
    }).transport;
  });
  afterAll(async () => fake?.close());
  beforeEach(() => {
    fake.calls.length = 0;
    fake.shown.length = 0;
    paced = 0;
    user = `U${++nextId}`;
  });

  it('declares LINE batches of 5 and sensible pacing', () => {
    expect(transport).toMatchObject({ channel: 'line', batchSize: 5, perChatPerSecond: 20, perChatBurst: 5, globalPerSecond: 100 });
  });

  it('a fresh reply token: one reply call carrying all messages that answer it, paced once', async () => {
    const batch = items(3, { token: fake.issueToken(user) });
    expect(await deliver(batch)).toEqual({ delivered: 3 });
    expect(sent('reply')).toHaveLength(1);
    expect(sent('push')).toHaveLength(0);
    expect(fake.shownTo(user).map((s) => [s.text, s.via])).toEqual(batch.map((b) => [b.payload.text, 'reply']));
    expect(paced).toBe(1);
  });

  it('never more than 5 messages per call: the 6th and 7th answer to one event go by push (the token is spent)', async () => {
    const all = items(7, { token: fake.issueToken(user) });
    expect(await deliver(all.slice(0, 5))).toEqual({ delivered: 5 });
    expect(await deliver(all.slice(5))).toEqual({ delivered: 2 });
    expect(apiCalls().map((c) => [c.path, (c.body as { messages: unknown[] }).messages.length])).toEqual([
      ['/v2/bot/message/reply', 5],
      ['/v2/bot/message/push', 2],
    ]);
    expect(fake.shownTo(user).map((s) => s.text)).toEqual(all.map((i) => i.payload.text));
  });

  it('a stale token (about a minute old) or none: push with a UUID retry key, no reply attempted', async () => {
    const stale = items(2, { token: fake.issueToken(user), age: 55_000 });
    expect(await deliver(stale)).toEqual({ delivered: 2 });
    const none = items(1);
    expect(await deliver(none)).toEqual({ delivered: 1 });
    expect(sent('reply')).toHaveLength(0);
    expect(sent('push').map((c) => c.retryKey)).toEqual([pushRetryKey(stale), pushRetryKey(none)]);
    expect(sent('push').every((c) => UUID.test(c.retryKey!))).toBe(true);
  });

  it('answers to two events use their own tokens, in order', async () => {
    const first = items(2, { token: fake.issueToken(user) });
    const second = items(1, { token: fake.issueToken(user) });
    expect(await deliver([...first, ...second])).toEqual({ delivered: 3 });
    expect(sent('reply').map((c) => (c.body as { replyToken: string }).replyToken)).toEqual([
      first[0]!.payload.replyToken,
      second[0]!.payload.replyToken,
    ]);
    expect(paced).toBe(2);
  });

  it('long texts are split at 5,000 UTF-16 units; 20 choices become 13 quick replies with short labels, on the last part', async () => {
    const text = `${'设备'.repeat(2600)}\n${'😄'.repeat(3000)}`;
    const choices = Array.from({ length: 20 }, (_, i) => ({
      id: `7:site-${i}`,
      label: `第${i + 1}号 实验楼 多媒体教室（东区三楼靠楼梯那间）`,
    }));
    const [one] = items(1, { token: fake.issueToken(user), text, choices });
    expect(await deliver([one!])).toEqual({ delivered: 1 });
    const shown = fake.shownTo(user);
    expect(shown.length).toBe(3);
    expect(shown.every((s) => s.text.length <= 5000 && s.text.isWellFormed())).toBe(true);
    expect(
      shown
        .map((s) => s.text)
        .join('')
        .replace(/\n/g, ''),
    ).toBe(text.replace(/\n/g, ''));
    expect(shown.slice(0, -1).every((s) => s.quick === undefined)).toBe(true);
    const quick = shown.at(-1)!.quick!;
    expect(quick).toHaveLength(13);
    expect(quick[0]).toEqual({ label: '第1号 实验楼 多媒体教室（东区三楼靠…', data: '7:site-0', displayText: choices[0]!.label });
    expect(quick.every((q) => q.label.length <= 20)).toBe(true);
  });

  it('a message longer than 5 parts goes in several pushes, each with its own key; a retry shows nothing twice', async () => {
    const [huge] = items(1, { text: 'x'.repeat(27_000) });
    fake.fail('push', { status: 500, accept: true }, 1); // the first part is shown, the answer lost
    expect(await deliver([huge!])).toMatchObject({ delivered: 0, failure: { kind: 'retry' } });
    expect(await deliver([huge!])).toEqual({ delivered: 1 });
    expect(sent('push').map((c) => [c.status, c.retryKey])).toEqual([
      [500, pushRetryKey([huge!], 0)],
      [409, pushRetryKey([huge!], 0)],
      [200, pushRetryKey([huge!], 1)],
    ]);
    expect(fake.shownTo(user)).toHaveLength(6);
  });

  it('a push retried after a 500 uses the same retry key: 409 counts as delivered, the user sees it once', async () => {
    const batch = items(2);
    fake.fail('push', { status: 500, accept: true });
    expect(await deliver(batch)).toMatchObject({ delivered: 0, failure: { kind: 'retry', error: expect.stringMatching(/500/) } });
    expect(await deliver(batch)).toEqual({ delivered: 2 });
    expect(sent('push').map((c) => [c.status, c.retryKey])).toEqual([
      [500, pushRetryKey(batch)],
      [409, pushRetryKey(batch)],
    ]);
    expect(fake.shownTo(user).map((s) => s.text)).toEqual(batch.map((b) => b.payload.text));
  });

  it('a push refused with 500 (not accepted) is accepted on the retry with the same key', async () => {
    const batch = items(1);
    fake.fail('push', { status: 503 });
    expect((await deliver(batch)).failure?.kind).toBe('retry');
    expect(await deliver(batch)).toEqual({ delivered: 1 });
    expect(new Set(sent('push').map((c) => c.retryKey)).size).toBe(1);
    expect(fake.shownTo(user)).toHaveLength(1);
  });

  it('an invalid reply token (400): retried at once, then by push', async () => {
    const batch = items(2, { token: 'a-token-the-platform-never-issued' });
    expect(await deliver(batch)).toMatchObject({
      delivered: 0,
      failure: { kind: 'retry', retryAfterMs: 0, error: expect.stringMatching(/Invalid reply token/) },
    });
    expect(await deliver(batch)).toEqual({ delivered: 2 });
    expect(fake.shownTo(user).map((s) => s.via)).toEqual(['push', 'push']);
  });

  it('a reply whose answer is lost (connection dropped): not replied again, pushed on the next attempt', async () => {
    const batch = items(1, { token: fake.issueToken(user) });
    fake.fail('reply', { status: 0 });
    expect(await deliver(batch)).toMatchObject({
      delivered: 0,
      failure: { kind: 'retry', error: expect.stringMatching(/no answer from LINE/) },
    });
    expect(await deliver(batch)).toEqual({ delivered: 1 });
    expect(apiCalls().map((c) => c.path)).toEqual(['/v2/bot/message/reply', '/v2/bot/message/push']);
  });

  it("429 is retried after Retry-After (or the sender's backoff when absent)", async () => {
    fake.fail('push', { status: 429, headers: { 'retry-after': '3' }, body: { message: 'Too Many Requests' } });
    expect(await deliver(items(1))).toEqual({
      delivered: 0,
      failure: { kind: 'retry', error: 'LINE answered 429: Too Many Requests', retryAfterMs: 3000 },
    });
    fake.fail('push', { status: 429 });
    const outcome = await deliver(items(1));
    expect(outcome.failure).toMatchObject({ kind: 'retry' });
    expect(outcome.failure && 'retryAfterMs' in outcome.failure).toBe(false);
  });

  it('403 (blocked) → blocked; another 400 → rejected; 401 (token to fix) → retried', async () => {
    fake.blocked.add(user);
    expect((await deliver(items(1))).failure?.kind).toBe('blocked');
    fake.blocked.delete(user);
    fake.fail('push', { status: 400, body: { message: 'The request body has 1 error(s)' } });
    expect((await deliver(items(1))).failure).toMatchObject({ kind: 'rejected', error: expect.stringMatching(/400/) });
    fake.fail('push', { status: 401, body: { message: 'Authentication failed' } });
    expect((await deliver(items(1))).failure?.kind).toBe('retry');
  });

  it('says how far it got: a reply delivered, the push behind it failed', async () => {
    const replied = items(1, { token: fake.issueToken(user) });
    const pushed = items(2, { token: 'old', age: 120_000 });
    fake.fail('push', { status: 500 });
    expect(await deliver([...replied, ...pushed])).toMatchObject({ delivered: 1, failure: { kind: 'retry' } });
    expect(await deliver(pushed)).toEqual({ delivered: 2 });
    expect(fake.shownTo(user).map((s) => s.text)).toEqual([...replied, ...pushed].map((i) => i.payload.text));
  });

  it('retry keys: the same messages give the same key; other ids, times or parts another', () => {
    const [a, b] = items(2);
    expect(pushRetryKey([a!, b!])).toBe(pushRetryKey([{ ...a! }, { ...b! }]));
    const keys = [
      pushRetryKey([a!, b!]),
      pushRetryKey([a!]),
      pushRetryKey([b!]),
      pushRetryKey([a!, b!], 1),
      pushRetryKey([{ ...a!, createdAt: NOW }, b!]),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => UUID.test(k))).toBe(true);
  });
});
