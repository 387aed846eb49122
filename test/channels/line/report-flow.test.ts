import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, tickets } from '../../../src/storage/schema.js';
import { PNG } from './fake-line-api.js';
import { type LineDesk, startLineDesk, texts } from './harness.js';

const USER = 'U4af4980629000000000000000000teacher';

/** A teacher reports a fault over LINE, as `npm start` wires it (LINE_* variables, registry). */
describe('LINE: a full fault report, a status check and a language switch', () => {
  let desk: LineDesk;
  let number = '';
  beforeAll(async () => {
    desk = await startLineDesk();
  });
  afterAll(async () => desk?.stop());

  it('follow → greeting and the menu as quick replies', async () => {
    await desk.send(desk.follow(USER));
    const shown = await desk.fake.waitFor(USER, (s) => s.some((m) => m.quick));
    expect(shown[0]!.text).toMatch(/您好，这里是设备报修服务/);
    expect(shown.at(-1)!.quick!.map((q) => q.displayText)).toEqual(['我要报修', '我的工单', '人工客服', 'English']);
  });

  it('walks the report with postbacks of the quick-reply data, sends a photo, and gets a ticket number', async () => {
    await desk.say(USER, '一体机开不了机，按电源键没反应', /怎么称呼/);
    await desk.say(USER, '王老师', /学校|校区|场馆/);
    await desk.press(USER, '明湖小学', /教室|房间|哪个/);
    // The panel is named in the first message: found in the room, no question about it.
    await desk.press(USER, '三年级二班', /怎么|如何|出现/);
    expect(texts(desk.fake.shownTo(USER))).toContain('好的：明湖小学 三年级二班 的一体机 FX-PNL-0001。');
    for (const [label, next] of [
      ['正常使用中出现', /能用|使用/],
      ['完全不能用', /设备|范围|其他/],
      ['只有这台设备', /活动|考试|影响/],
      ['否', /照片/],
    ] as const) {
      await desk.press(USER, label, next);
    }
    // The photo step: an image event; fixline fetches its content from the data API.
    const before = desk.fake.shownTo(USER).length;
    await desk.send(desk.image(USER, '468789577898262530'));
    let last = await desk.fake.waitFor(USER, (s) => s.slice(before).some((m) => m.quick));
    expect(desk.fake.calls.filter((c) => c.server === 'data').map((c) => c.path)).toEqual(['/v2/bot/message/468789577898262530/content']);
    if (last.at(-1)!.quick!.some((q) => q.displayText === '没有解决')) await desk.press(USER, '没有解决', /请确认报修信息/);
    last = desk.fake.shownTo(USER);
    expect(texts(last).at(-1)).toMatch(/请确认报修信息/);
    const done = await desk.press(USER, '确认提交', /工单号/);
    number = /工单号：(FX-\d{4}-\d{6})/.exec(done.text)?.[1] ?? '';
    expect(number).not.toBe('');
    expect(done.text).toMatch(/故障等级：B级/);

    const [ticket] = await desk.db.select().from(tickets).where(eq(tickets.number, number));
    const [photo] = await desk.db.select().from(attachments).where(eq(attachments.ticketId, ticket!.id));
    expect(photo).toMatchObject({ mime: 'image/png', size: PNG.length });
  });

  it('every answer so far went as a reply on the fresh token, never more than 5 per call, buttons within limits', async () => {
    const shown = desk.fake.shownTo(USER);
    expect(shown.every((s) => s.via === 'reply')).toBe(true);
    const calls = desk.fake.calls.filter((c) => c.path === '/v2/bot/message/reply');
    expect(calls.every((c) => c.status === 200 && (c.body as { messages: unknown[] }).messages.length <= 5)).toBe(true);
    for (const s of shown) {
      expect(s.quick?.length ?? 0).toBeLessThanOrEqual(13);
      for (const q of s.quick ?? []) expect(q.label.length).toBeLessThanOrEqual(20);
    }
    // A pressed button reads as its label in the transcript (LINE shows the user its displayText).
    const said = (await desk.transcript(USER)).filter((m) => m.direction === 'in').map((m) => m.text);
    expect(said).toEqual(expect.arrayContaining(['明湖小学', '三年级二班', '正常使用中出现', '确认提交']));
  });

  it('"我的工单" lists the ticket with its status', async () => {
    const status = await desk.say(USER, '我的工单', /您最近的工单/);
    expect(status.text).toContain(number);
    expect(status.text).toMatch(/已登记/);
  });

  it('"English" switches the language: the question is asked again in English, and the menu after it', async () => {
    const before = desk.fake.shownTo(USER).length;
    await desk.say(USER, 'English', /Switched to English/);
    const repeated = await desk.fake.waitForText(USER, /Your recent tickets/, before);
    expect(repeated.text).toContain(number);
    expect(repeated.quick?.map((q) => q.displayText)).not.toContain('返回主菜单');
    const back = repeated.quick!.find((q) => !q.displayText?.startsWith('FX-'))!;
    const menu = await desk.press(USER, back.displayText!, /What can I do for you/);
    expect(menu.quick?.map((q) => q.displayText)).toEqual(['Report a fault', 'My tickets', 'Talk to a human', '中文']);
    expect(texts(desk.fake.shownTo(USER).slice(before))).not.toContainEqual(expect.stringMatching(/请|您/));
  });
});
