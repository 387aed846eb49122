import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/domain/messages.js';
import { channelIdentities, conversations, tickets } from '../../src/storage/schema.js';
import { type TestDesk, testDesk } from '../support/desk.js';

const LIMITS = { signInPerAccountAddress: 5, signInPerAddress: 30, signInSlowPerAccount: 20, linkPerContact: 3, linkPerAddress: 4, linkTotal: 8 };

/**
 * Attacks on linking that a review reproduced, each now refused: a code read in a group, an undo
 * that handed group tickets to the stranger, a stranger undoing the owner's later link, and a code
 * the stranger issued while linked that let them back in after the undo.
 */
describe('linking under attack', () => {
  let desk: TestDesk;
  beforeAll(async () => { desk = await testDesk('pglite', { guessLimits: LIMITS }); });
  afterAll(async () => desk?.close());
  beforeEach(() => desk.advance(16 * 60_000));
  type Who = { channel?: ChannelName; userId?: string; address?: string };
  const tg = (n: string): Who => ({ channel: 'telegram', userId: `tg-${n}` });
  async function press(key: string, label: string | RegExp, who: Who = {}) {
    const offered = (await desk.transcript(key)).filter((m) => m.choices?.length).at(-1)!.choices!;
    const choice = offered.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
    if (!choice) throw new Error(`no button ${label} in ${JSON.stringify(offered)}`);
    await desk.send(key, { kind: 'choice', id: choice.id }, who);
  }
  async function issue(key: string, who: Who = {}) {
    await desk.send(key, '/link', who);
    await desk.send(key, '获取关联码', who);
    const texts = await desk.botTextsSince(key, 0);
    return [...texts.matchAll(/您的关联码是 (\d{4} \d{4})/g)].at(-1)![1]!;
  }
  async function enter(key: string, code: string, who: Who = {}) {
    await desk.send(key, '/link', who);
    await desk.send(key, '输入关联码', who);
    const asked = await desk.lastSeq(key);
    await desk.send(key, code, who);
    return desk.botTextsSince(key, asked);
  }
  async function ticketFrom(key: string, who: Who) {
    await desk.send(key, '一体机没有声音', who);
    await desk.send(key, '冯老师', who);
    await press(key, '明湖小学', who);
    await press(key, '三年级二班', who);
    await press(key, /FX-PNL-0001/, who);
    for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '确认提交']) await press(key, label, who);
    return /工单号：(FX-\d{4}-\d{6})/.exec(await desk.botTextsSince(key, 0))![1]!;
  }
  async function myTickets(key: string, who: Who = {}) {
    const before = await desk.lastSeq(key);
    await desk.send(key, '我的工单', who);
    return desk.botTextsSince(key, before);
  }
  const contactOf = async (userId: string) =>
    (await desk.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, userId)))[0]!.contactId;


  it('a code cannot be asked for or entered in a group, where everyone would read it', async () => {
    await desk.send('tg-v', { kind: 'start' }, tg('v'));
    await desk.send('-100g', '/link', tg('v'));
    await desk.send('-100g', '获取关联码', tg('v'));
    const group = await desk.botTextsSince('-100g', 0);
    expect(group).toMatch(/只能在与机器人的私聊中获取和输入/);
    expect(group).not.toMatch(/您的关联码是/);
    const code = await issue('tg-v', tg('v'));
    expect(await enter('-100g', code, tg('m'))).toMatch(/只能在与机器人的私聊中获取和输入/);
    expect(await contactOf('tg-m')).not.toBe(await contactOf('tg-v'));
  });

  it("undoing a stranger's link leaves the owner's group tickets with the owner", async () => {
    await desk.send('-100h', '/start', tg('s'));
    const number = await ticketFrom('-100h', tg('w'));
    await desk.send('tg-w', { kind: 'start' }, tg('w'));
    const code = await issue('tg-w', tg('w'));
    await desk.send('tg-s', { kind: 'start' }, tg('s'));
    expect(await enter('tg-s', code, tg('s'))).toMatch(/关联成功/);
    await desk.send('tg-w', { kind: 'choice', id: 'cmd:link:undo' }, tg('w'));
    await press('tg-w', /^Telegram · /, tg('w'));
    expect(await contactOf('tg-s')).not.toBe(await contactOf('tg-w'));
    expect(await myTickets('tg-w', tg('w'))).toContain(number);
    expect(await myTickets('tg-s', tg('s'))).not.toContain(number);
  });

  it("an app that joined by a code cannot undo the owner's later links", async () => {
    await desk.send('web-v2', { kind: 'start' });
    const code = await issue('web-v2');
    await desk.send('tg-x', { kind: 'start' }, tg('x'));
    expect(await enter('tg-x', code, tg('x'))).toMatch(/关联成功/);
    desk.advance(60_000);
    const code2 = await issue('web-v2');
    const line = { channel: 'line' as ChannelName, userId: 'Uowner' };
    await desk.send('Uowner', { kind: 'start' }, line);
    expect(await enter('Uowner', code2, line)).toMatch(/关联成功/);
    const before = await desk.lastSeq('tg-x');
    await desk.send('tg-x', '/link undo', tg('x'));
    expect(await desk.botTextsSince('tg-x', before)).toMatch(/没有可以撤销的关联|no link to undo/i);
    expect(await contactOf('Uowner')).toBe(await contactOf('web-v2'));
  });

  it('codes given out while linked die with the undo: the stranger cannot come back', async () => {
    await desk.send('web-v5', { kind: 'start' });
    const number = await ticketFrom('web-v5', {});
    const code = await issue('web-v5');
    await desk.send('tg-y', { kind: 'start' }, tg('y'));
    expect(await enter('tg-y', code, tg('y'))).toMatch(/关联成功/);
    const spare = await issue('tg-y', tg('y'));
    await desk.send('web-v5', { kind: 'choice', id: 'cmd:link:undo' });
    await press('web-v5', /^Telegram · /);
    expect(await contactOf('tg-y')).not.toBe(await contactOf('web-v5'));
    expect(await enter('tg-y', spare, tg('y'))).toMatch(/无效或已过期/);
    expect(await contactOf('tg-y')).not.toBe(await contactOf('web-v5'));
    expect(await myTickets('tg-y', tg('y'))).not.toContain(number);
  });
});
