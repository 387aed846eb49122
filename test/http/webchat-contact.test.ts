import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ChatClient, startTestServer } from '../support/server.js';

/**
 * One browser, one person: the contact token a browser keeps makes its web chat sessions (New
 * chat, another QR code, a ?lang= link) the same contact; a forged, wrong or lapsed token just
 * gets a new contact. And the language of a session nobody chose: the browser's, then the first message's.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
let fixline: Fixline;
let now = new Date('2026-03-02T09:00:00+08:00');

beforeAll(async () => {
  fixline = await startTestServer({ WEBCHAT_CONTACT_DAYS: '180' }, { clock: () => now });
});
afterAll(async () => fixline?.stop());

/** Opens a session as the page does; returns the client and the contact token the server gave. */
async function open(body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${fixline.url}/api/webchat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { sessionId: string; token: string; contactToken: string };
  const chat = new ChatClient(fixline.url);
  chat.sessionId = json.sessionId;
  chat.token = json.token;
  return { chat, contactToken: json.contactToken };
}

/** Presses the button labelled `label` on the newest bot message that has it. */
async function press(chat: ChatClient, label: string): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const { messages } = await chat.messages();
    const choice = messages
      .filter((m) => m.from !== 'user')
      .at(-1)
      ?.choices?.find((c) => c.label === label);
    if (choice) {
      expect((await chat.post({ choice: choice.id })).status).toBe(202);
      return;
    }
    if (Date.now() > until) throw new Error(`no button ${label} in ${JSON.stringify(messages.at(-1))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The buttons a teacher presses in a report, whichever of them the flow asks. */
const BUTTONS = [
  '明湖小学',
  '三年级二班',
  '一体机 FX-PNL-0001',
  '正常使用中出现',
  '完全不能用',
  '只有这台设备',
  '否',
  '跳过',
  '没有解决',
  '确认提交',
];

/**
 * A teacher's report through the buttons, as in the browser: each new question is answered with
 * the button of BUTTONS it offers (the first message names the room and the device, so those are
 * not asked). Returns the ticket's number.
 */
async function reportFault(chat: ChatClient): Promise<string> {
  await chat.post({ text: '三年级二班一体机开不了机' });
  await chat.waitFor(/请问怎么称呼您/);
  await chat.post({ text: '赵老师' });
  let answered = 0; // the seq of the newest question answered
  const until = Date.now() + 20_000;
  for (;;) {
    const bot = (await chat.messages()).messages.filter((m) => m.from !== 'user');
    const done = bot.find((m) => m.text.includes('报修成功'));
    if (done) return /工单号：(FX-\d{4}-\d{6})/.exec(done.text)?.[1] ?? 'no ticket number';
    const last = bot.at(-1);
    const choice = last && last.seq > answered ? last.choices?.find((c) => BUTTONS.includes(c.label)) : undefined;
    if (choice) {
      answered = last!.seq;
      expect((await chat.post({ choice: choice.id })).status).toBe(202);
    } else if (Date.now() > until) throw new Error(`no answer to ${JSON.stringify(last)}`);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function contactOf(chat: ChatClient): Promise<string> {
  const contact = await fixline.store.read.contacts.find('webchat', chat.sessionId);
  if (!contact) throw new Error(`no contact for session ${chat.sessionId}`);
  return contact.id;
}

describe('the contact token', () => {
  it('is a long random secret of its own, given with every new session', async () => {
    const { chat, contactToken } = await open();
    expect(contactToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(contactToken).not.toBe(chat.token);
    const other = await open();
    expect(other.contactToken).not.toBe(contactToken);
    expect(await contactOf(other.chat)).not.toBe(await contactOf(chat));
  });

  it('two sessions opened with one token are one person: their name, place and tickets', async () => {
    const first = await open();
    const ticket = await reportFault(first.chat);

    const second = await open({ contactToken: first.contactToken, asset: 'FX-VIS-0001' });
    expect(second.contactToken).toBe(first.contactToken);
    expect(await contactOf(second.chat)).toBe(await contactOf(first.chat));
    // A new conversation (its own transcript), the same person: greeted by name, not asked for it.
    const { messages } = await second.chat.waitFor(/FX-VIS-0001/);
    expect(messages.some((m) => m.text.includes('请问怎么称呼您'))).toBe(false);
    await second.chat.post({ text: '取消' });
    await second.chat.post({ text: '我的工单' });
    expect((await second.chat.waitFor(/您最近的工单/)).found.text).toContain(ticket);
  }, 30_000);

  it("a forged or malformed token gets a new contact and a new token, never someone else's", async () => {
    const owner = await open();
    // The owner's token with its last character changed (never to itself: 1 in 64 tokens ends in "A").
    const lastChanged = `${owner.contactToken.slice(0, -1)}${owner.contactToken.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [randomBytes(32).toString('base64url'), 'x', lastChanged, owner.chat.token]) {
      const { chat, contactToken } = await open({ contactToken: forged });
      expect(contactToken).not.toBe(forged);
      expect(contactToken).not.toBe(owner.contactToken);
      expect(await contactOf(chat)).not.toBe(await contactOf(owner.chat));
    }
    // The owner's token still works afterwards.
    const again = await open({ contactToken: owner.contactToken });
    expect(await contactOf(again.chat)).toBe(await contactOf(owner.chat));
  });

  it('a token unused for WEBCHAT_CONTACT_DAYS has lapsed: a new contact; used within them, it lasts', async () => {
    const first = await open();
    const person = await contactOf(first.chat);
    now = new Date(now.getTime() + 170 * DAY_MS);
    const later = await open({ contactToken: first.contactToken });
    expect(await contactOf(later.chat)).toBe(person); // 170 days: still the same person, and the token is used again
    now = new Date(now.getTime() + 170 * DAY_MS);
    const evenLater = await open({ contactToken: first.contactToken });
    expect(await contactOf(evenLater.chat)).toBe(person); // 340 days after it began, 170 after its last use

    now = new Date(now.getTime() + 181 * DAY_MS);
    const lapsed = await open({ contactToken: first.contactToken });
    expect(lapsed.contactToken).not.toBe(first.contactToken);
    expect(await contactOf(lapsed.chat)).not.toBe(person);
    // Once lapsed, it stays lapsed; the new token is the browser's from now on.
    const retried = await open({ contactToken: first.contactToken });
    expect(await contactOf(retried.chat)).not.toBe(person);
    const renewed = await open({ contactToken: lapsed.contactToken });
    expect(await contactOf(renewed.chat)).toBe(await contactOf(lapsed.chat));
  });

  it('a browser linked to another app by a link code: its next sessions are that person too', async () => {
    const other = await open(); // the person's other app (another browser here)
    await other.chat.post({ text: '关联' });
    await other.chat.waitFor(/关联起来/);
    await other.chat.post({ text: '获取关联码' });
    const code = /关联码是 (\d{4} ?\d{4})/.exec((await other.chat.waitFor(/您的关联码是/)).found.text)?.[1];
    expect(code).toBeDefined();

    const browser = await open();
    await browser.chat.post({ text: '关联' });
    await browser.chat.waitFor(/关联起来/);
    await browser.chat.post({ text: '输入关联码' });
    await browser.chat.waitFor(/8 位关联码/);
    await browser.chat.post({ text: code! });
    await browser.chat.waitFor(/关联成功/);
    expect(await contactOf(browser.chat)).toBe(await contactOf(other.chat));

    const next = await open({ contactToken: browser.contactToken });
    expect(next.contactToken).toBe(browser.contactToken);
    expect(await contactOf(next.chat)).toBe(await contactOf(other.chat));

    // The person undoes the link from their other app: the browser goes, with the session it opened since.
    await other.chat.post({ text: '关联' });
    await other.chat.waitFor(/关联起来/);
    await press(other.chat, '撤销关联');
    const { found } = await other.chat.waitFor(/选择要撤销的一项/);
    const undo = found.choices?.find((c) => c.id !== 'keep');
    expect(undo).toBeDefined();
    await other.chat.post({ choice: undo!.id });
    await other.chat.waitFor(/已撤销/);
    const person = await contactOf(other.chat);
    expect(await contactOf(browser.chat)).not.toBe(person);
    expect(await contactOf(next.chat)).toBe(await contactOf(browser.chat));
    const after = await open({ contactToken: browser.contactToken });
    expect(await contactOf(after.chat)).toBe(await contactOf(browser.chat));
  });
});

describe('the language of a session nobody chose', () => {
  it("is the browser's (navigator.languages), and ?lang= wins", async () => {
    const en = await open({ languages: ['en-GB', 'zh-CN'] });
    await en.chat.waitFor(/Hello, this is the equipment fault desk/);
    const zh = await open({ languages: ['en-GB'], lang: 'zh-CN' });
    await zh.chat.waitFor(/您好，这里是设备报修服务/);
    const header = await open({}, { 'accept-language': 'en-US,en;q=0.9' });
    await header.chat.waitFor(/Hello, this is the equipment fault desk/);
  });

  it('"the panel won\'t turn on" as the first message in a zh browser is answered in English', async () => {
    const { chat } = await open({ languages: ['zh-CN'] });
    await chat.waitFor(/您好，这里是设备报修服务/);
    await chat.post({ text: "the panel won't turn on" });
    await chat.waitFor(/What is your name\?/);
    expect((await chat.messages()).lang).toBe('en');
    // Later messages in Chinese do not flip it back: only the first message decides.
    await chat.post({ text: '王老师' });
    await chat.waitFor(/Which school or venue\?/);
    expect((await chat.messages()).lang).toBe('en');
  });

  it('Chinese as the first message in an English browser is answered in Chinese', async () => {
    const { chat } = await open({ languages: ['en-US'] });
    await chat.waitFor(/Hello, this is the equipment fault desk/);
    await chat.post({ text: '投影仪没有画面' });
    await chat.waitFor(/请问怎么称呼您/);
  });

  it('a language chosen by ?lang= is never flipped by the first message', async () => {
    const { chat } = await open({ lang: 'zh-CN', languages: ['zh-CN'] });
    await chat.waitFor(/您好，这里是设备报修服务/);
    await chat.post({ text: "the panel won't turn on" });
    await chat.waitFor(/请问怎么称呼您/);
  });
});
