import { decode } from '../../../src/channels/telegram/decode.js';
import { encode } from '../../../src/channels/telegram/encode.js';
import { telegramChannel } from '../../../src/channels/telegram/index.js';
import { SECRET_HEADER, telegramVerifier } from '../../../src/channels/telegram/verify.js';
import { shippedCatalog } from '../../support/desk.js';
import { channelContract } from '../contract-suite.js';
import { BOT, fixture, TOKEN } from './fake-telegram.js';
import { SECRET, telegramDesk } from './harness.js';

const { commands } = (await shippedCatalog()).flowSet;
const now = new Date('2026-10-12T06:00:00Z');
const teacher = { id: 777, is_bot: false, first_name: '丽', language_code: 'zh-hans' };
const message = (fields: Record<string, unknown>, chat: object = { id: 777, type: 'private' }) =>
  JSON.stringify({ update_id: 5001, message: { message_id: 9, from: teacher, chat, date: 1, ...fields } });
const body = JSON.stringify(fixture('teloxide_update_private_text.json'));
const payload = { to: '777', lang: 'zh-CN' as const };

channelContract({
  name: 'Telegram',
  verify: (headers) => telegramVerifier(SECRET)(headers),
  signature: {
    good: { headers: { [SECRET_HEADER]: SECRET }, raw: body },
    bad: { headers: { [SECRET_HEADER]: `${SECRET}-not` }, raw: body },
    missing: { headers: {}, raw: body },
  },
  webhook: telegramChannel({ token: TOKEN, apiRoot: 'http://127.0.0.1:9', webhookSecret: SECRET }).webhook,
  decode: (raw) => decode(raw, { botId: BOT.id, botUsername: BOT.username, commands, now }),
  events: {
    text: { raw: body, expect: { text: '4' } },
    command: { raw: message({ text: '/status@fixline_test_bot 123' }), expect: { command: 'my_tickets', arg: '123' } },
    start: { raw: message({ text: '/start FX-PNL-0101' }), expect: { assetTag: 'FX-PNL-0101' } },
    button: {
      raw: JSON.stringify({
        update_id: 5002,
        callback_query: {
          id: 'q1',
          from: teacher,
          chat_instance: '1',
          message: { message_id: 3, chat: { id: 777, type: 'private' }, date: 1 },
          data: '12:yes',
        },
      }),
      expect: { id: '12:yes' },
    },
    photo: JSON.stringify({ update_id: 5003, message: fixture('teloxide_message_photo_4_sizes_caption_url.json') }),
    group: message(
      { text: '@fixline_test_bot 三楼投影仪坏了', entities: [{ type: 'mention', offset: 0, length: 17 }] },
      { id: -100300, type: 'supergroup', title: '五年级' },
    ),
    unknown: JSON.stringify({ update_id: 5004, inline_query: { id: '1', from: teacher, query: 'x', offset: '' } }),
    malformed: ['{"update_id":', '', '[]', 'null', '{"update_id":-1}', new Uint8Array([0xff, 0xfe, 0x00])],
  },
  dedupe: {
    raw: message({ text: '投影仪不亮' }),
    desk: async () => {
      const desk = await telegramDesk();
      return {
        post: async (raw) => {
          const res = await desk.post(raw);
          if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        },
        recorded: () => desk.inboundCount(),
        stop: () => desk.stop(),
      };
    },
  },
  encode: {
    texts: (text) => encode({ ...payload, text }).map((c) => c.body.text),
    maxText: 4096,
    buttons: (choices) =>
      encode({ ...payload, text: '请选择', choices })
        .flatMap((c) => (c.body.reply_markup && 'inline_keyboard' in c.body.reply_markup ? c.body.reply_markup.inline_keyboard.flat() : []))
        .map((b) => ({ id: b.callback_data, label: b.text })),
    maxButtons: 100,
    maxLabel: 120,
  },
});
