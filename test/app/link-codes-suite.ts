import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/domain/messages.js';
import { channelIdentities, conversations, outbox } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

/** Small limits, so that reaching them takes few messages (the defaults are 5, 10 and 30). */
const LIMITS = {
  signInPerAccountAddress: 5,
  signInPerAddress: 30,
  signInSlowPerAccount: 20,
  linkPerContact: 3,
  linkPerAddress: 4,
  linkTotal: 8,
};

/** Guessing someone else's link code, and what its owner can do about a link they did not make. */
export function linkCodesSuite(kind: TestDatabaseKind) {
  describe(`link codes against guessing, on ${kind}`, () => {
    let desk: TestDesk;
    beforeAll(async () => {
      desk = await testDesk(kind, { guessLimits: LIMITS });
    });
    afterAll(async () => desk?.close());
    // Each test starts after the limits' windows of the one before.
    beforeEach(() => desk.advance(16 * 60_000));

    interface Who {
      channel?: ChannelName;
      userId?: string;
      address?: string;
    }
    const tg = (n: string): Who => ({ channel: 'telegram', userId: `tg-${n}` });

    /** Gets a code in a conversation (a new one each time). */
    async function issue(key: string, who: Who = {}) {
      await desk.send(key, '/link', who);
      await desk.send(key, '获取关联码', who);
      const texts = await desk.botTextsSince(key, 0);
      return [...texts.matchAll(/您的关联码是 (\d{4} \d{4})/g)].at(-1)![1]!;
    }

    /** Enters a code; returns what the bot answered. */
    async function enter(key: string, code: string, who: Who = {}) {
      await desk.send(key, '/link', who);
      await desk.send(key, '输入关联码', who);
      const asked = await desk.lastSeq(key);
      await desk.send(key, code, who);
      return desk.botTextsSince(key, asked);
    }

    /** Presses the button with this label on the newest message with buttons, as `who`. */
    async function press(key: string, label: string | RegExp, who: Who = {}) {
      const offered = (await desk.transcript(key)).filter((m) => m.choices?.length).at(-1)!.choices!;
      const choice = offered.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
      if (!choice) throw new Error(`no button ${label} in ${JSON.stringify(offered)}`);
      await desk.send(key, { kind: 'choice', id: choice.id }, who);
    }

    /** A quick ticket; returns its number. */
    async function ticketFrom(key: string, who: Who) {
      await desk.send(key, '一体机没有声音', who);
      await desk.send(key, '冯老师', who);
      await press(key, '明湖小学', who);
      await press(key, '三年级二班', who); // the panel: named in the first message
      // The panel may have an open ticket of an earlier test: this is another fault.
      if ((await desk.lastBot(key))?.choices?.some((c) => c.label === '仍然报新故障')) await press(key, '仍然报新故障', who);
      for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '没有解决', '确认提交'])
        await press(key, label, who);
      return /工单号：(FX-\d{4}-\d{6})/.exec(await desk.botTextsSince(key, 0))![1]!;
    }

    /** What "my tickets" answers. */
    async function myTickets(key: string, who: Who = {}) {
      const before = await desk.lastSeq(key);
      await desk.send(key, '我的工单', who);
      return desk.botTextsSince(key, before);
    }

    /** A wrong code: the right one with its last digit changed. */
    const wrong = (code: string, i = 1) => code.slice(0, -1) + String((Number(code.at(-1)) + i) % 10);

    const contactOf = async (userId: string) =>
      (await desk.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, userId)))[0]!.contactId;

    it('codes are 8 digits, typed with or without spaces, and a new code cancels the one before', async () => {
      await desk.send('web-a', { kind: 'start' });
      const first = await issue('web-a');
      expect(first).toMatch(/^\d{4} \d{4}$/);
      const second = await issue('web-a');
      await desk.send('tg-a', { kind: 'start' }, tg('a'));
      expect(await enter('tg-a', first, tg('a'))).toMatch(/无效或已过期/);
      expect(await enter('tg-a', second.replace(' ', ''), tg('a'))).toMatch(/关联成功/);
      expect(await contactOf('tg-a')).toBe(await contactOf('web-a'));
    });

    it('one person may enter 3 wrong codes (LINK_CODE_MAX_FAILURES_PER_CONTACT), then waits, even with the right code', async () => {
      await desk.send('web-b', { kind: 'start' });
      const code = await issue('web-b');
      await desk.send('tg-b', { kind: 'start' }, tg('b'));
      for (let i = 1; i <= 3; i++) expect(await enter('tg-b', wrong(code, i), tg('b'))).toMatch(/无效或已过期/);
      expect(await enter('tg-b', code, tg('b'))).toMatch(/次数太多，请 1 分钟后再试/);
      expect(await contactOf('tg-b')).not.toBe(await contactOf('web-b'));
      desk.advance(61_000);
      expect(await enter('tg-b', code, tg('b'))).toMatch(/关联成功/);
    });

    it('web chat sessions from one address share a limit of 4 (LINK_CODE_MAX_FAILURES_PER_ADDRESS); another address does not', async () => {
      const code = await issue('web-c');
      const from = (n: number, address: string): Who => ({ userId: `web-c${n}`, address });
      for (const n of [1, 2]) await desk.send(`web-c${n}`, { kind: 'start' }, from(n, '203.0.113.7'));
      for (let i = 1; i <= 3; i++) expect(await enter('web-c1', wrong(code, i), from(1, '203.0.113.7'))).toMatch(/无效/);
      expect(await enter('web-c2', wrong(code, 4), from(2, '203.0.113.7'))).toMatch(/无效/);
      // A fresh session from the same address is held off; one from elsewhere is not.
      await desk.send('web-c3', { kind: 'start' }, from(3, '203.0.113.7'));
      expect(await enter('web-c3', code, from(3, '203.0.113.7'))).toMatch(/次数太多/);
      await desk.send('web-c4', { kind: 'start' }, from(4, '198.51.100.7'));
      expect(await enter('web-c4', code, from(4, '198.51.100.7'))).toMatch(/关联成功/);
    });

    it('wrong codes from everyone together are limited to 8 (LINK_CODE_MAX_FAILURES_TOTAL): the code space is shared', async () => {
      const code = await issue('web-d');
      for (let n = 1; n <= 4; n++) {
        await desk.send(`tg-d${n}`, { kind: 'start' }, tg(`d${n}`));
        for (let i = 1; i <= 2; i++) expect(await enter(`tg-d${n}`, wrong(code, i), tg(`d${n}`))).toMatch(/无效/);
      }
      await desk.send('tg-d9', { kind: 'start' }, tg('d9'));
      expect(await enter('tg-d9', code, tg('d9'))).toMatch(/次数太多，请 1 分钟后再试/);
      desk.advance(61_000);
      expect(await enter('tg-d9', code, tg('d9'))).toMatch(/关联成功/);
    });

    it("the code's owner is told on their channel, and undoes the link: the stranger is on their own again", async () => {
      // The owner writes on Telegram and has a ticket there.
      await desk.send('tg-owner', { kind: 'start' }, tg('owner'));
      const number = await ticketFrom('tg-owner', tg('owner'));
      const code = await issue('tg-owner', tg('owner'));
      const seen = await desk.lastSeq('tg-owner');
      await desk.send('web-stranger', { kind: 'start' });
      expect(await enter('web-stranger', code)).toMatch(/关联成功/);
      expect(await myTickets('web-stranger')).toContain(number);

      const notice = (await desk.transcript('tg-owner')).find((m) => m.seq > seen && m.direction === 'out')!;
      expect(notice.text).toMatch(/您的关联码刚刚在网页聊天上被输入/);
      expect(notice.choices).toEqual([{ id: 'cmd:link:undo', label: '撤销关联' }]);
      const [conversation] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, 'tg-owner'));
      // In the order written (a sent row is updated, and PostgreSQL may then return it last without an order).
      const rows = await desk.database.db.select().from(outbox).where(eq(outbox.conversationId, conversation!.id)).orderBy(asc(outbox.id));
      const sent = rows.at(-1)!;
      expect(sent.payload).toMatchObject({ to: 'tg-owner', text: notice.text, choices: [{ id: 'cmd:link:undo' }] });

      // The stranger cannot undo it from their side.
      const tried = await desk.lastSeq('web-stranger');
      await desk.send('web-stranger', '/link undo');
      expect(await desk.botTextsSince('web-stranger', tried)).toMatch(/没有可以撤销的关联/);

      await desk.send('tg-owner', { kind: 'choice', id: 'cmd:link:undo' }, tg('owner'));
      expect((await desk.lastBot('tg-owner'))?.text).toMatch(/选择要撤销的一项/);
      const picked = await desk.lastSeq('tg-owner');
      await press('tg-owner', /^网页聊天 · /, tg('owner'));
      expect(await desk.botTextsSince('tg-owner', picked)).toMatch(/已撤销：网页聊天 · .* 已与您分开/);
      expect(await myTickets('web-stranger')).not.toContain(number);
      expect(await myTickets('tg-owner', tg('owner'))).toContain(number);
      expect(await contactOf('web-stranger')).not.toBe(await contactOf('tg-owner'));
      const [stranger] = await desk.database.db.select().from(conversations).where(eq(conversations.externalKey, 'web-stranger'));
      expect(stranger!.contactId).toBe(await contactOf('web-stranger'));
      // Nothing is left to undo.
      const again = await desk.lastSeq('tg-owner');
      await desk.send('tg-owner', '/link undo', tg('owner'));
      expect(await desk.botTextsSince('tg-owner', again)).toMatch(/没有可以撤销的关联/);
    });

    it('in English too: the notice, and the undo through the link menu', async () => {
      await desk.send('web-en', { kind: 'start' });
      await desk.send('web-en', 'English');
      await desk.send('web-en', 'link');
      await desk.send('web-en', 'Get a link code');
      const code = /Your link code is (\d{4} \d{4})/.exec(await desk.botTextsSince('web-en', 0))![1]!;
      await desk.send('tg-en', { kind: 'start' }, tg('en'));
      expect(await enter('tg-en', code, tg('en'))).toMatch(/关联成功/);
      expect(await desk.botTextsSince('web-en', 0)).toMatch(/Your link code was just entered on Telegram .*press "Undo the link"/);

      await desk.send('web-en', 'link');
      await desk.send('web-en', 'Undo a link');
      expect((await desk.lastBot('web-en'))?.text).toMatch(/Choose one to undo/);
      const picked = await desk.lastSeq('web-en');
      await desk.press('web-en', /^Telegram · /);
      expect(await desk.botTextsSince('web-en', picked)).toMatch(/^Undone: Telegram · .* is separated from you/);
      expect(await contactOf('tg-en')).not.toBe(await contactOf('web-en'));
    });

    // Attacks a review reproduced on the first version, each refused now.
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
}
