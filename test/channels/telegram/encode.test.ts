import { describe, expect, it } from 'vitest';
import type { OutboxPayload } from '../../../src/ports/outbox.js';
import { botCommands } from '../../../src/channels/telegram/commands.js';
import { type DropReport, encode, inlineKeyboard, MAX_TEXT, splitText } from '../../../src/channels/telegram/encode.js';
import { indexCommands } from '../../../src/flows/commands.js';
import { shippedCatalog } from '../../support/desk.js';

const noDrops = () => {
  throw new Error('no button should be dropped');
};
/** The sendMessage bodies a reply is encoded into. */
const renderMessage = (p: OutboxPayload, drop?: DropReport) => encode(p, drop).map((call) => call.body);
const payload = (p: Partial<OutboxPayload>): OutboxPayload => ({ to: '5550001', lang: 'zh-CN', text: 'hi', ...p });

describe('Telegram: outgoing text', () => {
  it('splits at 4,096 characters, at line breaks where it can, and loses nothing', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `第 ${i} 行：${'设备报修记录'.repeat(3)} line ${i}`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(3 * MAX_TEXT);
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(parts.join('\n')).toBe(text);
    for (const part of parts) expect(lines).toContain(part.split('\n').at(-1));
  });

  it('cuts a text without line breaks at a space, else hard, never inside a surrogate pair', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const parts = splitText(words);
    expect(parts.every((p) => p.length <= MAX_TEXT && !p.startsWith(' '))).toBe(true);
    expect(parts.join(' ')).toBe(words);

    const emoji = `a${'😀'.repeat(5000)}`;
    const cut = splitText(emoji);
    expect(cut.join('')).toBe(emoji);
    for (const part of cut) expect(part.isWellFormed()).toBe(true);
    expect(cut.every((p) => p.length <= MAX_TEXT)).toBe(true);
    expect(splitText('short')).toEqual(['short']);
  });

  it('puts the buttons on the last part only', () => {
    const requests = renderMessage(
      payload({ text: `${'甲'.repeat(5000)}\n${'乙'.repeat(100)}`, choices: [{ id: '1:a', label: 'A' }] }),
      noDrops,
    );
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({ chat_id: 5550001, text: '甲'.repeat(4096) });
    expect(requests[1]!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: '1:a' }]] });
  });

  it('offers the contact button in the reply language, only in private chats', () => {
    const [zh] = renderMessage(payload({ text: '请留下手机号', requestPhone: true }), noDrops);
    expect(zh!.reply_markup).toEqual({
      keyboard: [[{ text: '📱 分享手机号', request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
    const [en] = renderMessage(payload({ lang: 'en', text: 'Your phone number?', requestPhone: true }), noDrops);
    expect(en!.reply_markup).toMatchObject({ keyboard: [[{ text: '📱 Share my phone number', request_contact: true }]] });
    const [group] = renderMessage(payload({ to: '-100123', text: 'Your phone number?', requestPhone: true }), noDrops);
    expect(group).toEqual({ chat_id: -100123, text: 'Your phone number?' });
    const [plain] = renderMessage(payload({ text: '好的' }), noDrops);
    expect(plain!.reply_markup).toEqual({ remove_keyboard: true });
  });
});

describe('Telegram: inline keyboards', () => {
  it('lays buttons out in rows of 1–3 by label length, in order', () => {
    const rows = inlineKeyboard(
      ['是', '否', '不清楚', '正常使用中出现', '被碰撞、摔落或损坏', 'The platform is down for everyone', 'A', 'B'].map((label, i) => ({
        id: `7:${i}`,
        label,
      })),
      noDrops,
    )!;
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ['是', '否', '不清楚'],
      ['正常使用中出现', '被碰撞、摔落或损坏'],
      ['The platform is down for everyone'],
      ['A', 'B'],
    ]);
    expect(rows.flat().map((b) => b.callback_data)).toEqual(['7:0', '7:1', '7:2', '7:3', '7:4', '7:5', '7:6', '7:7']);
  });

  it('drops (and reports) a button whose callback data is not 1–64 bytes, and keeps at most 100', () => {
    const dropped: string[] = [];
    const drop = (c: { id: string }, why: string) => dropped.push(`${c.id.slice(0, 8)}: ${why}`);
    const rows = inlineKeyboard(
      [
        { id: '1:ok', label: 'fine' },
        { id: `1:${'x'.repeat(62)}`, label: 'exactly 64 bytes' },
        { id: `1:${'x'.repeat(63)}`, label: '65 bytes' },
        { id: `1:${'设'.repeat(21)}`, label: '65 bytes of CJK' },
        { id: '', label: 'empty' },
      ],
      drop,
    )!;
    expect(rows.flat().map((b) => b.text)).toEqual(['fine', 'exactly 64 bytes']);
    expect(dropped).toEqual([expect.stringMatching(/65 bytes/), expect.stringMatching(/65 bytes/), expect.stringMatching(/0 bytes/)]);

    const many = inlineKeyboard(
      Array.from({ length: 130 }, (_, i) => ({ id: `2:${i}`, label: String(i) })),
      drop,
    )!;
    expect(many.flat()).toHaveLength(100);
    expect(dropped.filter((d) => d.includes('more than 100'))).toHaveLength(30);
  });

  it('every button the shipped flows can produce has callback data within 64 bytes', async () => {
    const { flowSet } = await shippedCatalog();
    // Buttons are `<prompt number>:<option id>`; list items are ids from the database (UUIDs) or ticket numbers.
    const prompt = '999999999';
    const ids = new Set<string>([`${prompt}:skip`, `${prompt}:+`, 'sys:resume', 'sys:restart']);
    for (const flow of flowSet.flows.values()) {
      for (const step of flow.steps.values()) {
        if (step.kind !== 'choose') continue;
        for (const option of step.options ?? []) ids.add(`${prompt}:${option.id}`);
        if (step.optionsFrom) {
          ids.add(`${prompt}:00000000-0000-4000-8000-000000000000`);
          ids.add(`${prompt}:FX-2026-999999999`);
        }
      }
    }
    expect(ids.size).toBeGreaterThan(40);
    const rows = inlineKeyboard([...ids].map((id) => ({ id, label: id })).slice(0, 100), noDrops)!;
    expect(rows.flat().length).toBe(Math.min(100, ids.size));
    for (const id of ids) expect(Buffer.byteLength(id, 'utf8'), id).toBeLessThanOrEqual(64);
  });
});

describe('Telegram: commands from the settings', () => {
  it('maps every slash command of flows/settings.yaml, and lists the menus in both languages', async () => {
    const { settings } = (await shippedCatalog()).flowSet;
    const slash = indexCommands(settings).slash;
    expect(
      Object.fromEntries(
        ['start', 'report', 'new', 'status', 'tickets', 'agent', 'human', 'cancel', 'lang', 'language', 'help'].map((s) => [
          s,
          slash.get(s),
        ]),
      ),
    ).toEqual({
      start: 'start',
      report: 'report',
      new: 'report',
      status: 'my_tickets',
      tickets: 'my_tickets',
      agent: 'human',
      human: 'human',
      cancel: 'cancel',
      lang: 'language',
      language: 'language',
      help: 'help',
    });
    const zh = botCommands(settings, 'zh-CN');
    expect(zh.slice(0, 4)).toEqual([
      { command: 'report', description: '我要报修' },
      { command: 'status', description: '我的工单' },
      { command: 'agent', description: '人工客服' },
      { command: 'lang', description: 'English' },
    ]);
    expect(zh.map((c) => c.command)).toEqual(botCommands(settings, 'en').map((c) => c.command));
    expect(zh.length).toBe(Object.keys(settings.commands).length);
  });
});
