import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/storage/schema.js';
import { type LineDesk, startLineDesk, texts, until } from './harness.js';

/** Replies through the whole background work (turns, outbox sender, pacing, backoff) while the platform misbehaves. */
describe('LINE delivery through the outbox: stale tokens, 429 and 5xx, blocked users', () => {
  let desk: LineDesk;
  let offset = 0;
  beforeAll(async () => {
    desk = await startLineDesk({ clock: () => new Date(Date.now() + offset) });
  });
  afterAll(async () => desk?.stop());

  /** Bot messages of the transcript, in order: what the user should have seen, each once. */
  const botTexts = async (user: string) => (await desk.transcript(user)).filter((m) => m.direction === 'out').map((m) => m.text);

  it('a reply token gone stale while a photo downloaded: the answer is pushed with a retry key', async () => {
    const user = 'U-stale';
    await desk.send(desk.follow(user));
    await desk.fake.waitFor(user, (s) => s.length >= 2);
    const slow = desk.fake.hold('content');
    const event = desk.image(user, '5550001');
    await desk.send(event);
    await slow.arrived;
    offset += 60_000; // the download took a minute
    slow.release();
    await desk.fake.waitFor(user, (s) => s.length >= 3);
    await desk.drained();
    const after = desk.fake.shownTo(user).slice(2);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.via === 'push' && s.retryKey)).toBe(true);
    // The stale token was never tried.
    const replies = desk.fake.calls
      .filter((c) => c.path === '/v2/bot/message/reply')
      .map((c) => (c.body as { replyToken: string }).replyToken);
    expect(replies).not.toContain(event.replyToken);
  });

  it('429 and 500 on some sends: every reply arrives, in order, none twice', async () => {
    const user = 'U-flaky';
    // The greeting's reply is rate limited (Retry-After: 0): the token counts as spent; pushed at once.
    desk.fake.fail('reply', { status: 429, headers: { 'retry-after': '0' } });
    await desk.send(desk.follow(user));
    await desk.drained(15_000);

    // Rate limited on the reply, then the push is shown but its answer is a 500: the retry with
    // the same key is answered 409 and counts as delivered.
    desk.fake.fail('reply', { status: 429, headers: { 'retry-after': '0' } });
    desk.fake.fail('push', { status: 500, accept: true });
    await desk.send(desk.text(user, '我要报修'));
    await desk.drained(15_000);

    // The connection drops on the reply (did LINE get it? unknown): pushed on the next attempt.
    desk.fake.fail('reply', { status: 0 });
    await desk.send(desk.text(user, '李老师'));
    await desk.drained(15_000);

    const shown = texts(desk.fake.shownTo(user));
    expect(shown).toEqual(await botTexts(user));
    expect(shown.some((t) => /学校|场馆/.test(t))).toBe(true);
    const statuses = desk.fake.calls.filter((c) => c.server === 'api' && c.path.startsWith('/v2/bot/message/')).map((c) => c.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 500, 409, 0]));
    const pushes = desk.fake.calls.filter((c) => c.path === '/v2/bot/message/push');
    const by409 = pushes.find((c) => c.status === 409)!;
    expect(pushes.filter((c) => c.retryKey === by409.retryKey).map((c) => c.status)).toEqual([500, 409]);
    expect(desk.fake.calls.every((c) => ((c.body as { messages?: unknown[] } | undefined)?.messages?.length ?? 0) <= 5)).toBe(true);
  });

  it('the same event delivered 5 times at once: one transcript entry, one reply', async () => {
    const user = 'U-five';
    await desk.send(desk.follow(user));
    await desk.fake.waitFor(user, (s) => s.length >= 2);
    await desk.drained();
    const before = { shown: desk.fake.shownTo(user).length, transcript: (await desk.transcript(user)).length };
    const body = JSON.stringify({ destination: 'Ubot', events: [desk.text(user, '我要报修')] });
    const answers = await Promise.all(Array.from({ length: 5 }, () => desk.post(body)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const counts = (await Promise.all(answers.map((r) => r.json()))) as { accepted: number; duplicates: number }[];
    expect(counts.reduce((n, c) => n + c.accepted, 0)).toBe(1);
    expect(counts.reduce((n, c) => n + c.duplicates, 0)).toBe(4);
    await desk.drained();
    const transcript = (await desk.transcript(user)).slice(before.transcript);
    expect(transcript.map((m) => [m.direction, m.text.slice(0, 10)])).toEqual([
      ['in', '我要报修'],
      ['out', expect.stringMatching(/称呼/)],
    ]);
    expect(
      desk.fake
        .shownTo(user)
        .slice(before.shown)
        .map((s) => s.text),
    ).toEqual([transcript[1]!.text]);
  });

  it('a push refused because the user blocked the bot (403): the conversation stops, the rest is failed', async () => {
    const user = 'U-gone';
    await desk.send(desk.follow(user));
    await desk.fake.waitFor(user, (s) => s.length >= 2);
    desk.fake.blocked.add(user);
    desk.fake.fail('reply', { status: 429, headers: { 'retry-after': '0' } }); // so that the answer is pushed
    await desk.send(desk.text(user, '我要报修'));
    const conversation = await until(async () => {
      const c = await desk.conversation(user);
      return c?.blockedAt ? c : undefined;
    }, 15_000);
    const rows = await desk.db.select().from(outbox).where(eq(outbox.conversationId, conversation.id));
    expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
    expect(rows.filter((r) => r.status === 'failed').map((r) => r.lastError)).toContainEqual(expect.stringMatching(/blocked/));
    expect(desk.fake.shownTo(user)).toHaveLength(2);
  });
});
