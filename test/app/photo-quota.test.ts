import { count, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments } from '../../src/storage/schema.js';
import { JPEG } from '../channels/telegram/fake-telegram.js';
import { type TelegramDesk, telegramDesk } from '../channels/telegram/harness.js';
import { ChatClient } from '../support/server.js';

const MB = 1024 * 1024;
/** What the web chat uploads: a PNG's signature and some bytes (60 in all). */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(52).fill(7)]);
/** Room for one web chat photo, or two Telegram ones, per conversation. */
const PER_CONVERSATION = Math.max(PNG.length, JPEG.length * 2) + 5;
/** In all: three web chat photos and three Telegram ones, and a little. */
const TOTAL = PNG.length * 3 + JPEG.length * 3 + 5;

let desk: TelegramDesk;
beforeAll(async () => {
  desk = await telegramDesk({
    env: { PHOTOS_MAX_MB_PER_CONVERSATION: String(PER_CONVERSATION / MB), PHOTOS_MAX_MB_TOTAL: String(TOTAL / MB) },
  });
});
afterAll(async () => desk?.stop());

const stored = async () => {
  const [row] = await desk.db.select({ n: count(), bytes: sum(attachments.size) }).from(attachments);
  return { n: row!.n, bytes: Number(row!.bytes ?? 0) };
};

function upload(chat: ChatClient) {
  return fetch(chat.url('/photos'), {
    method: 'POST',
    headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'image/png' },
    body: PNG,
  });
}

describe('photo storage has limits per conversation and in all', () => {
  it("web chat: a photo over the conversation's limit is refused with 413 and the reason; text still goes through", async () => {
    const chat = new ChatClient(desk.fixline.url);
    await chat.open();
    expect((await upload(chat)).status).toBe(202);
    const refused = await upload(chat);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      error: 'photo_quota',
      message: expect.stringMatching(/^this conversation already keeps as many photos as it may .*describe the problem in words$/),
    });
    expect((await chat.post({ text: '照片发不了，屏幕裂了' })).status).toBe(202);
    await chat.waitFor(/./);
    const { messages } = await chat.messages();
    expect(messages.filter((m) => m.photo)).toHaveLength(1);
    expect(messages.some((m) => m.from === 'user' && m.text === '照片发不了，屏幕裂了')).toBe(true);
    expect(await stored()).toEqual({ n: 1, bytes: PNG.length });
  });

  it("Telegram: a photo over the conversation's limit is not kept, its caption is, and the user is told in their language", async () => {
    const teacher = desk.user(5101);
    await teacher.say('/start');
    await teacher.expect(/请选择需要的服务/);
    for (let i = 0; i < 3; i++) {
      await teacher.photo(`第${i + 1}张`);
      await desk.settled(teacher.chat.id);
    }
    const told = await teacher.expect(/这个对话保存的照片已达上限，这张照片没有保存。请用文字描述问题。/);
    expect(told).toBeDefined();
    const said = (await desk.transcript(teacher.chat.id)).filter((m) => m.direction === 'in' && m.kind === 'photo');
    expect(said.map((m) => [m.text, m.attachmentId !== null])).toEqual([
      ['第1张', true],
      ['第2张', true],
      ['第3张', false],
    ]);
    expect(await stored()).toEqual({ n: 3, bytes: PNG.length + 2 * JPEG.length });
  });

  it('in all: once the desk keeps its limit of photos, new ones are refused on every channel (English: in English)', async () => {
    // Two more web chat photos fit in all; the third does not.
    for (let i = 0; i < 2; i++) {
      const chat = new ChatClient(desk.fixline.url);
      await chat.open();
      expect((await upload(chat)).status).toBe(202);
    }
    const late = new ChatClient(desk.fixline.url);
    await late.open();
    const refused = await upload(late);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: 'photo_quota', message: expect.stringMatching(/photo storage is full/) });

    const teacher = desk.user(5102, { lang: 'en' });
    await teacher.say('/start');
    await teacher.expect(/What can I do for you/);
    for (let i = 0; i < 2; i++) {
      await teacher.photo(`photo ${i + 1}`);
      await desk.settled(teacher.chat.id);
    }
    await teacher.expect(/The photo storage is full for now, so this photo was not saved\. Please describe the problem in words\./);
    const said = (await desk.transcript(teacher.chat.id)).filter((m) => m.direction === 'in' && m.kind === 'photo');
    expect(said.map((m) => [m.text, m.attachmentId !== null])).toEqual([
      ['photo 1', true],
      ['photo 2', false],
    ]);
    expect((await stored()).bytes).toBeLessThanOrEqual(TOTAL);
  });
});

describe('photo limits hold under parallel uploads', () => {
  let fresh: TelegramDesk;
  beforeAll(async () => {
    fresh = await telegramDesk({ env: { PHOTOS_MAX_MB_PER_CONVERSATION: String(PER_CONVERSATION / MB) } });
  });
  afterAll(async () => fresh?.stop());

  it('ten photos at once on a conversation with room for one: one is kept, nine are refused', async () => {
    const chat = new ChatClient(fresh.fixline.url);
    await chat.open();
    const answers = await Promise.all(Array.from({ length: 10 }, () => upload(chat)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, ...Array<number>(9).fill(413)]);
    const [row] = await fresh.db.select({ bytes: sum(attachments.size) }).from(attachments);
    expect(Number(row!.bytes)).toBe(PNG.length);
  });
});
