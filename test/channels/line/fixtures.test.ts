import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botSays } from '../../support/bot-says.js';
import { attachments, channelIdentities } from '../../../src/storage/schema.js';
import { PNG } from './fake-line-api.js';
import { fixture, type LineDesk, startLineDesk, texts, until } from './harness.js';

/** The user of (almost) every shared fixture, and the reply token they all carry. */
const USER = 'u206d25c2ea6bd87c17655609a1c37cb8';
const FIXTURE_TOKEN = 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA';

/**
 * Every shared fixture, as it is, in an order a user could live through (unfollow last), with
 * what the webhook must say about it: recorded (accepted) or acknowledged and ignored.
 */
const FIXTURES: [file: string, accepted: number, ignored: number][] = [
  ['java-sdk_follow.json', 1, 0],
  ['java-sdk_text-user.json', 1, 0],
  ['java-sdk_text-mention.json', 1, 0], // a one-to-one chat: mentions do not matter
  ['java-sdk_postback.json', 1, 0], // data the flows never offered: answered as not an option
  ['java-sdk_image.json', 1, 0], // an external image: fetched through the fenced fetch
  ['java-sdk_message-edited.json', 0, 1], // in a group, without a mention of the bot
  ['java-sdk_text-group.json', 0, 1], // standby mode: another module owns the chat
  ['java-sdk_unknown.json', 0, 2], // an unknown event type; an unknown source
  ['java-sdk_webhook-redelivery.json', 1, 0],
  ['java-sdk_spring_callback-request.raw.json', 2, 0], // a text and a follow in one request
  ['java-sdk_spring_callback-request-with-destination.raw.json', 1, 0],
  ['java-sdk_unfollow.json', 1, 0],
];

describe('LINE: the shared fixtures through the webhook', () => {
  let desk: LineDesk;
  const external: string[] = [];
  beforeAll(async () => {
    desk = await startLineDesk({
      internals: {
        profileTimeoutMs: 300,
        fetchExternal: async (url) => {
          external.push(url);
          return { bytes: new Uint8Array(PNG), mime: 'image/png' };
        },
      },
    });
    // The platform issued the fixtures' reply token to their user (once: it is single-use).
    desk.fake.replyTokens.set(FIXTURE_TOKEN, { to: USER, used: false });
  });
  afterAll(async () => desk?.stop());

  it('accepts or politely ignores every fixture, as it is, never a 5xx', async () => {
    for (const [file, accepted, ignored] of FIXTURES) {
      const inBefore = await desk.inboundCount();
      const shownBefore = desk.fake.shown.length;
      const res = await desk.post(await fixture(file));
      expect(res.status, file).toBe(200);
      expect(await res.json(), file).toEqual({ status: 'ok', accepted, duplicates: 0, ignored });
      await desk.drained();
      expect(await desk.inboundCount(), file).toBe(inBefore + accepted);
      // What is recorded gets an answer (until the user unfollows); what is ignored gets none.
      if (accepted > 0 && !file.includes('unfollow')) expect(desk.fake.shown.length, file).toBeGreaterThan(shownBefore);
      else expect(desk.fake.shown.length, file).toBe(shownBefore);
    }
  });

  it('greeted the follower first, by reply, and answered the texts after', () => {
    const shown = desk.fake.shownTo(USER);
    expect(shown[0]).toMatchObject({ via: 'reply', text: expect.stringMatching(/您好，这里是设备报修服务/) });
    expect(shown[1]?.quick?.map((q) => q.displayText)).toEqual(['我要报修', '我的工单', '人工客服', 'English']);
    // The token was spent on the greeting: everything after went by push, each with a retry key.
    expect(shown.slice(2).every((s) => s.via === 'push' && /^[0-9a-f-]{36}$/.test(s.retryKey ?? ''))).toBe(true);
    // The foreign postback; the first text ("Hello, world") made the conversation English.
    expect(texts(shown).join('\n')).toMatch(/not one of the options|belongs to an earlier question/);
  });

  it('stored the external image of the image fixture as an attachment', async () => {
    expect(external).toEqual(['https://example.com/original.jpg']);
    const rows = await desk.db.select().from(attachments);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mime: 'image/png', size: PNG.length });
  });

  it('answered the second user of the Spring file with destination', async () => {
    expect(desk.fake.shownTo('U206d25c2ea6bd87c17655609a1c37cb8').length).toBeGreaterThan(0);
  });

  it('the unfollow fixture blocks the conversation; nothing is sent to them after', async () => {
    const conversation = await desk.conversation(USER);
    expect(conversation?.blockedAt).not.toBeNull();
    const shown = desk.fake.shown.length;
    await botSays(desk.fixline.store, 'line', USER, '您的工单已处理完毕。');
    await desk.drained();
    expect(desk.fake.shown.length).toBe(shown);
    // Kept in the transcript for agents, but not sent.
    expect((await desk.transcript(USER)).at(-1)).toMatchObject({ direction: 'out', text: '您的工单已处理完毕。' });
  });

  it('a redelivery of the same webhookEventId (isRedelivery) is acknowledged and not answered again', async () => {
    const shown = desk.fake.shown.length;
    const events = await desk.inboundCount();
    const res = await desk.post(await fixture('java-sdk_webhook-redelivery.json'));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 0, duplicates: 1, ignored: 0 });
    // A fresh user: the first delivery is answered once, the redelivery not at all.
    const first = desk.text('U-redelivered', '你好');
    await desk.send(first);
    await desk.fake.waitFor('U-redelivered', (s) => s.length >= 2);
    await desk.drained();
    const answered = desk.fake.shownTo('U-redelivered').length;
    const again = { ...first, deliveryContext: { isRedelivery: true } };
    expect(await desk.send(again)).toMatchObject({ accepted: 0, duplicates: 1 });
    await desk.drained();
    expect(desk.fake.shownTo('U-redelivered')).toHaveLength(answered);
    expect((await desk.transcript('U-redelivered')).filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(await desk.inboundCount()).toBe(events + 1);
    expect(desk.fake.shown.length).toBe(shown + answered);
  });

  it('a follow greets in the language of the LINE profile, with the name from it', async () => {
    desk.fake.profiles.set('U-english', { displayName: 'Ms Lee', language: 'en' });
    await desk.send(desk.follow('U-english'));
    const shown = await desk.fake.waitFor('U-english', (s) => s.length >= 2);
    expect(shown[0]!.text).toMatch(/Hello, this is the equipment fault desk/);
    expect(shown[1]!.quick?.map((q) => q.displayText)).toContain('Report a fault');
    const [identity] = await desk.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, 'U-english'));
    expect(identity?.displayName).toBe('Ms Lee');
  });

  it('a follow without a profile (LINE answers 404, or is slow) still greets, in Chinese', async () => {
    desk.fake.hold('profile'); // never released: the greeting must not wait for it
    const started = Date.now();
    await desk.send(desk.follow('U-no-profile'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await desk.fake.waitFor('U-no-profile', (s) => s.length >= 1))[0]!.text).toMatch(/设备报修服务/);
  });

  it('unfollow, then follow again: the user is greeted again', async () => {
    const user = 'U-comes-back';
    await desk.send(desk.follow(user));
    await desk.fake.waitFor(user, (s) => s.length >= 2);
    await desk.send(desk.unfollow(user));
    await until(async () => (await desk.conversation(user))?.blockedAt ?? undefined);
    await desk.send(desk.follow(user));
    const shown = await desk.fake.waitFor(user, (s) => s.length >= 4);
    expect(texts(shown).filter((t) => t.includes('设备报修服务'))).toHaveLength(2);
    expect((await desk.conversation(user))?.blockedAt).toBeNull();
  });

  it('several events in one request: all recorded at once, each chat answered in order', async () => {
    const res = await desk.send(desk.text('U-batch-1', '你好'), desk.text('U-batch-2', 'hello'), desk.text('U-batch-1', '我要报修'), {
      type: 'things',
      source: { type: 'user', userId: 'U-batch-1' },
    });
    expect(res).toEqual({ status: 'ok', accepted: 3, duplicates: 0, ignored: 1 });
    const one = await desk.fake.waitFor('U-batch-1', (s) => s.some((m) => /怎么称呼|称呼/.test(m.text)));
    const greeting = texts(one).findIndex((t) => t.includes('设备报修服务'));
    const name = texts(one).findIndex((t) => t.includes('称呼'));
    expect(greeting).toBeGreaterThanOrEqual(0);
    expect(name).toBeGreaterThan(greeting);
    expect(texts(await desk.fake.waitFor('U-batch-2', (s) => s.length >= 2)).join('\n')).toMatch(/equipment fault desk|设备报修服务/);
  });

  it('a sticker and a location are answered politely, and the question asked again', async () => {
    const user = 'U-sticker';
    await desk.send(desk.follow(user));
    await desk.fake.waitFor(user, (s) => s.length >= 2);
    const base = desk.base(user, 'message');
    await desk.send({ ...base, message: { id: '1', type: 'sticker', packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC' } });
    await desk.fake.waitForText(user, /暂时无法处理这类消息（表情贴图）/, 2);
    const before = desk.fake.shownTo(user).length;
    await desk.send({
      ...desk.base(user, 'message'),
      message: { id: '2', type: 'location', title: '明湖小学', address: '…', latitude: 31.2, longitude: 121.4 },
    });
    await desk.fake.waitForText(user, /暂时无法处理这类消息（位置）/, before);
    expect((await desk.fake.waitFor(user, (s) => s.length > before + 1)).at(-1)!.quick).toBeDefined();
  });
});
