import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TakeoverService } from '../../src/app/takeover.js';
import type { Agent } from '../../src/ports/console-store.js';
import { readState } from '../../src/flows/state.js';
import { conversations } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

const MIN = 60_000;

/** The buttons a teacher presses in a report, whichever of them the flow asks. */
const BUTTONS = [
  '明湖小学',
  '三年级二班',
  /FX-PNL-0001/,
  '正常使用中出现',
  '完全不能用',
  '只有这台设备',
  '否',
  '跳过',
  '没有解决',
  '确认提交',
];

/**
 * A teacher's report on the web chat, up to its ticket: each question is answered with the button
 * of BUTTONS it offers (the first message names the room and the device, so fewer are asked).
 */
async function reportFault(desk: TestDesk, key: string) {
  await desk.send(key, { kind: 'start' });
  await desk.send(key, '一体机开不了机');
  await desk.send(key, '王老师');
  const start = await desk.lastSeq(key);
  for (let i = 0; i < BUTTONS.length && !(await desk.botTextsSince(key, start)).includes('工单号：FX-'); i++) {
    const offered = (await desk.lastBot(key))?.choices?.map((c) => c.label) ?? [];
    const label = BUTTONS.find((b) => offered.some((o) => (typeof b === 'string' ? o === b : b.test(o))));
    if (!label) throw new Error(`no answer among the buttons ${JSON.stringify(offered)}`);
    await desk.press(key, label);
  }
  expect(await desk.botTextsSince(key, start)).toMatch(/工单号：FX-/);
}

/**
 * Waiting for a human is a mode (issue 12): after a request the bot says one acknowledgement, then
 * every message goes to the agents (transcript and queue preview) and none starts a flow, until an
 * agent hands back, the teacher cancels, or after the wait the teacher chooses to go back to the bot.
 * Buttons of earlier questions are dead meanwhile and read as their labels.
 */
export function humanWaitSuite(kind: TestDatabaseKind) {
  describe(`waiting for a human on ${kind}`, () => {
    let desk: TestDesk;
    let takeover: TakeoverService;
    let agent: Agent;
    beforeAll(async () => {
      desk = await testDesk(kind);
      takeover = new TakeoverService(
        desk.store,
        desk.catalog,
        desk.deps.pushChannels,
        () => desk.now,
        () => undefined,
      );
      agent = (await desk.store.read.console.agents.list()).find((a) => a.username === 'admin')!;
    });
    afterAll(async () => desk?.close());

    const conversationId = async (key: string) =>
      (await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, key)))[0]!.id;
    const entryOf = async (key: string) => {
      const id = await conversationId(key);
      return (await takeover.queue(agent)).find((e) => e.id === id);
    };
    const flows = async (key: string) => {
      const [row] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, key));
      return readState(row!.state).frames.map((f) => f.flow);
    };
    /** What the bot said after the given transcript position. */
    const botSince = async (key: string, seq: number) =>
      (await desk.transcript(key)).filter((m) => m.seq > seq && m.direction === 'out').map((m) => m.text);
    /** Sends a message and returns what the bot said to it. */
    const say = async (key: string, text: string) => {
      const before = await desk.lastSeq(key);
      await desk.send(key, text);
      return botSince(key, before);
    };
    /** Presses a button of an earlier message by its label (on the first message that offered it). */
    const pressOld = async (key: string, label: string) => {
      const offered = (await desk.transcript(key)).find((m) => m.choices?.some((c) => c.label === label));
      const before = await desk.lastSeq(key);
      await desk.send(key, { kind: 'choice', id: offered!.choices!.find((c) => c.label === label)!.id });
      return { before, said: await botSince(key, before) };
    };

    it('zh-CN: five messages while waiting start no flow, each is in the transcript and the queue preview; the hand-back restores the bot', async () => {
      const key = 'w-zh';
      await reportFault(desk, key);
      const [ticket] = await desk.tickets();
      // One acknowledgement: nobody is signed in within the agents' hours, and the ticket's promised response.
      const ack = await say(key, '转人工');
      expect(ack).toEqual([expect.stringMatching(/^已记录您的人工服务请求。目前没有客服在线.*/)]);
      expect(ack[0]).toContain(`您的工单 ${ticket!.number} 承诺在 10月12日 14:15 前得到人工响应`);
      expect(ack[0]).toContain('不需要了请发送「取消」');
      expect((await desk.lastBot(key))?.choices ?? null).toBeNull(); // no menu
      expect((await entryOf(key))?.humanRequestedAt).toEqual(desk.now);

      const five = ['老师们下午两点要用，能尽快来人吗？', '我要报修', '你好', '1', '三年级二班的一体机还是开不了机'];
      for (const text of five) {
        desk.advance(MIN);
        expect(await say(key, text)).toEqual([]);
        expect((await entryOf(key))?.lastText).toBe(text);
      }
      const transcript = await desk.transcript(key);
      expect(transcript.slice(-5).map((m) => [m.direction, m.text])).toEqual(five.map((t) => ['in', t]));
      expect(await flows(key)).toEqual(['main', 'request_human']);
      expect(await desk.tickets()).toHaveLength(1);

      // A button of an earlier question is dead: its label in the transcript, one short line, once.
      let pressed = await pressOld(key, '我要报修');
      expect(pressed.said).toEqual(['这个按钮已失效。人工客服会在这里回复您，请稍候。']);
      expect((await desk.transcript(key)).find((m) => m.seq === pressed.before + 1)).toMatchObject({ direction: 'in', text: '我要报修' });
      pressed = await pressOld(key, '明湖小学');
      expect(pressed.said).toEqual([]);
      expect((await entryOf(key))?.lastText).toBe('明湖小学');

      // An agent takes it (works as before); old buttons stay dead and read as labels; the agent hands back.
      const id = await conversationId(key);
      await takeover.claim(agent, id);
      await takeover.reply(agent, id, '您好，马上安排工程师。');
      pressed = await pressOld(key, '确认提交');
      expect(pressed.said).toEqual([]);
      expect((await desk.transcript(key)).at(-1)).toMatchObject({ direction: 'in', text: '确认提交' });
      expect((await entryOf(key))?.lastText).toBe('确认提交');
      expect((await takeover.view(agent, id)).transcript.map((m) => m.text)).not.toContainEqual(expect.stringMatching(/^\d+:/));
      await takeover.release(agent, id);
      expect(await entryOf(key)).toBeUndefined();
      expect((await desk.lastBot(key))?.text).toMatch(/请选择需要的服务/);
      expect(await say(key, '报修')).toEqual([expect.stringMatching(/还是在 明湖小学 三年级二班 吗/)]);
    });

    it('en: Five messages while waiting start no flow; "cancel" withdraws the request and brings the menu back', async () => {
      const key = 'w-en';
      await desk.send(key, { kind: 'start' });
      await say(key, 'English');
      const ack = await say(key, 'talk to a human');
      expect(ack).toEqual([
        expect.stringMatching(/^Your request for a human agent is recorded\. No agent is signed in right now; .* send "cancel"\.$/),
      ]);
      expect(ack[0]).not.toContain('ticket');
      const five = ['we need it at 2 pm, can someone come soon?', 'report a fault', 'hello', '2', 'my tickets'];
      for (const text of five) {
        desk.advance(MIN);
        expect(await say(key, text)).toEqual([]);
        expect((await entryOf(key))?.lastText).toBe(text);
      }
      expect((await desk.transcript(key)).slice(-5).map((m) => m.text)).toEqual(five);
      expect(await flows(key)).toEqual(['main', 'request_human']);

      const back = await say(key, 'cancel');
      expect(back).toEqual(['All right, your request for an agent is cancelled.', expect.stringMatching(/^What can I do for you\?/)]);
      expect(await entryOf(key)).toBeUndefined();
      expect(await say(key, 'report a fault')).toEqual([expect.stringMatching(/What is your name/)]);
    });

    it('zh-CN: "取消" while waiting says the request is cancelled and shows the menu', async () => {
      const key = 'w-zh-cancel';
      await desk.send(key, { kind: 'start' });
      await say(key, '人工');
      expect(await say(key, '好的我等等')).toEqual([]);
      expect(await say(key, '取消')).toEqual(['好的，已取消人工请求。', expect.stringMatching(/^请选择需要的服务/)]);
      expect(await entryOf(key)).toBeUndefined();
    });

    it('after the wait the next message gets an offer: keep waiting, or back to the bot', async () => {
      const key = 'w-timeout';
      await desk.send(key, { kind: 'start' });
      await say(key, '转人工');
      desk.advance(29 * MIN);
      expect(await say(key, '有人吗')).toEqual([]);
      desk.advance(2 * MIN);
      expect(await say(key, '还要等多久')).toEqual([
        expect.stringMatching(/^您从 10月12日 \d\d:\d\d 起在等待人工客服.*要继续等待，还是先回到机器人？$/),
      ]);
      expect((await desk.lastBot(key))?.choices?.map((c) => c.label)).toEqual(['继续等待', '回到机器人']);
      expect(await say(key, '好吧')).toEqual([]); // the offer was just made: quiet
      await desk.press(key, '继续等待');
      expect((await desk.transcript(key)).at(-2)).toMatchObject({ direction: 'in', text: '继续等待' });
      expect((await desk.lastBot(key))?.text).toBe('好的，继续为您等待人工客服，客服会在这里回复您。');
      expect((await entryOf(key))?.humanRequestedAt).not.toBeNull(); // still in the queue, in its place
      desk.advance(10 * MIN);
      expect(await say(key, '嗯')).toEqual([]);
      desk.advance(31 * MIN);
      expect(await say(key, '还是没人')).toHaveLength(1);
      expect(await say(key, '回到机器人')).toEqual([
        '好的，已取消人工请求，由机器人继续为您服务。',
        expect.stringMatching(/^请选择需要的服务/),
      ]);
      expect(await entryOf(key)).toBeUndefined();
      expect(await say(key, '报修')).toEqual([expect.stringMatching(/怎么称呼/)]);
    });

    it("outside the agents' hours the acknowledgement says when they will answer", async () => {
      const key = 'w-night';
      desk.advance(8 * 60 * MIN); // 22:00 in Asia/Shanghai and later
      await desk.send(key, { kind: 'start' });
      const ack = await say(key, '人工客服');
      expect(ack).toEqual([expect.stringMatching(/现在不在人工客服的服务时间（08:00–20:00），客服将在 10月13日 08:00 回复您。/)]);
    });

    it('a button of an earlier question, with the bot, reads as its label in the transcript and the console', async () => {
      const key = 'w-stale-bot';
      await desk.send(key, { kind: 'start' });
      await say(key, '报修');
      await say(key, '王老师');
      await desk.press(key, '明湖小学');
      // The school question's button, pressed again at the room question.
      const { before, said } = await pressOld(key, '明湖小学');
      expect(said[0]).toMatch(/这个按钮属于之前的问题/);
      const entry = (await desk.transcript(key)).find((m) => m.seq === before + 1);
      expect(entry).toMatchObject({ direction: 'in', kind: 'choice', text: '明湖小学' });
      const view = await takeover.view(agent, await conversationId(key));
      expect(view.transcript.find((m) => m.seq === before + 1)?.text).toBe('明湖小学');
    });
  });
}
