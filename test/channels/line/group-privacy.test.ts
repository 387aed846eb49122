import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, contacts, linkCodes, tickets } from '../../../src/storage/schema.js';
import { eventId, type LineDesk, startLineDesk } from './harness.js';

const TEACHER = 'U4af4980629000000000000000000wang00';
const GROUP = 'C4af4980629000000000000000000group0';
const MENTION = '@Fixline ';

/** A group member's event; without `userId` LINE did not name them (they have not consented to share it). */
function inGroup(desk: LineDesk, userId: string | undefined, body: object) {
  return {
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'group', groupId: GROUP, ...(userId ? { userId } : {}) },
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
    replyToken: desk.fake.issueToken(GROUP),
    ...body,
  };
}
const mentioning = (desk: LineDesk, userId: string | undefined, text: string) =>
  inGroup(desk, userId, {
    type: 'message',
    message: {
      id: String(Date.now()),
      type: 'text',
      quoteToken: 'q',
      text: `${MENTION}${text}`,
      mention: { mentionees: [{ index: 0, length: MENTION.length - 1, type: 'user', isSelf: true }] },
    },
  });

/** Says something to the bot in the group and waits for the answer there. */
async function sayInGroup(desk: LineDesk, userId: string | undefined, text: string, answer: RegExp) {
  const before = desk.fake.shownTo(GROUP).length;
  await desk.send(mentioning(desk, userId, text));
  return desk.fake.waitForText(GROUP, answer, before);
}

describe('LINE groups: a member LINE does not name is anonymous, never someone else', () => {
  let desk: LineDesk;
  let number = '';
  beforeAll(async () => {
    desk = await startLineDesk();
    // 王老师 reports a fault in a one-to-one chat with the bot.
    await desk.send(desk.follow(TEACHER));
    await desk.fake.waitFor(TEACHER, (s) => s.some((m) => m.quick));
    await desk.say(TEACHER, '一体机开不了机，按电源键没反应', /怎么称呼/);
    await desk.say(TEACHER, '王老师', /学校|校区|场馆/);
    await desk.press(TEACHER, '明湖小学', /教室|房间|哪个/);
    await desk.press(TEACHER, '三年级二班', /怎么|如何|出现/); // the panel: named in the first message
    await desk.press(TEACHER, '正常使用中出现', /能用|使用/);
    await desk.press(TEACHER, '完全不能用', /设备|范围|其他/);
    await desk.press(TEACHER, '只有这台设备', /活动|考试|影响/);
    await desk.press(TEACHER, '否', /照片/);
    const after = await desk.press(TEACHER, '跳过', /问题解决了吗|请确认报修信息/);
    if (after.text.includes('问题解决了吗')) await desk.press(TEACHER, '没有解决', /请确认报修信息/);
    const done = await desk.press(TEACHER, '确认提交', /工单号/);
    number = /工单号：(FX-\d{4}-\d{6})/.exec(done.text)![1]!;
    // Then she is the first to talk to the bot in the school's group: the group's chat begins with her.
    await sayInGroup(desk, TEACHER, '你好', /请选择需要的服务/);
  });
  afterAll(async () => desk?.stop());

  it('an anonymous member asking for "my tickets" is told why not, and sees nobody\'s tickets', async () => {
    const answer = await sayInGroup(desk, undefined, '我的工单', /工单/);
    expect(answer.text).not.toContain(number);
    expect(answer.text).toBe(
      '在群聊里无法确认您的身份（您的账号信息没有提供给机器人），所以不能显示您的工单。请在与机器人的私聊中发送「我的工单」。',
    );
    // She herself still sees her ticket in the group.
    const hers = await sayInGroup(desk, TEACHER, '我的工单', /您最近的工单/);
    expect(hers.text).toContain(number);
  });

  it('nothing personal is stored or joined for them: no identity for the group, no link code', async () => {
    await sayInGroup(desk, undefined, '关联', /关联起来/);
    const before = desk.fake.shownTo(GROUP).length;
    await desk.send(inGroup(desk, undefined, { type: 'postback', postback: { data: desk.button(GROUP, '获取关联码').data } }));
    const answer = await desk.fake.waitForText(GROUP, /在群聊里无法确认您的身份.*不能关联应用/, before);
    expect(answer.text).not.toMatch(/\d{6}/);
    const [codes] = await desk.db.select({ n: count() }).from(linkCodes);
    expect(codes!.n).toBe(0);
    const identities = await desk.db
      .select()
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, 'line'), eq(channelIdentities.externalId, GROUP)));
    expect(identities).toEqual([]);
  });

  it('a report by an anonymous member gets a reporter of its own, whom nobody\'s "my tickets" reaches', async () => {
    const press = async (label: string | RegExp, next: RegExp) => {
      const before = desk.fake.shownTo(GROUP).length;
      await desk.send(inGroup(desk, undefined, { type: 'postback', postback: { data: desk.button(GROUP, label).data } }));
      return desk.fake.waitForText(GROUP, next, before);
    };
    await sayInGroup(desk, undefined, '取消', /请选择需要的服务/); // the group's chat was in 王老师's ticket list
    await sayInGroup(desk, undefined, '一体机黑屏了', /怎么称呼/); // not 王老师's name: nobody's profile is read
    await sayInGroup(desk, undefined, '李老师', /学校|校区|场馆/);
    await press('明湖小学', /教室|房间|哪个/);
    // The panel is named in the first message; 王老师's ticket on it is still open: this is another fault.
    await press('三年级二班', /已有未完成的工单 FX-\d{4}-\d{6}/);
    await press('仍然报新故障', /怎么|如何|出现/);
    await press('正常使用中出现', /能用|使用/);
    await press('完全不能用', /设备|范围|其他/);
    await press('只有这台设备', /活动|考试|影响/);
    await press('否', /照片/);
    const after = await press('跳过', /问题解决了吗|请确认报修信息/);
    if (after.text.includes('问题解决了吗')) await press('没有解决', /请确认报修信息/);
    const done = await press('确认提交', /工单号/);
    const theirs = /工单号：(FX-\d{4}-\d{6})/.exec(done.text)![1]!;

    const [ticket] = await desk.db.select().from(tickets).where(eq(tickets.number, theirs));
    const [reporter] = await desk.db.select().from(contacts).where(eq(contacts.id, ticket!.reporterId));
    expect(reporter!.name).toBe('李老师');
    expect(await desk.db.select().from(channelIdentities).where(eq(channelIdentities.contactId, reporter!.id))).toEqual([]);
    const hers = await sayInGroup(desk, TEACHER, '我的工单', /您最近的工单/);
    expect(hers.text.match(/FX-\d{4}-\d{6}/g)).toEqual([number]);
    const [wang] = await desk.db
      .select({ name: contacts.name })
      .from(contacts)
      .innerJoin(channelIdentities, eq(channelIdentities.contactId, contacts.id))
      .where(eq(channelIdentities.externalId, TEACHER));
    expect(wang!.name).toBe('王老师'); // the anonymous member's answers changed nobody's profile
  });
});
