import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxPayload } from '../../../src/ports/outbox.js';
import { TelegramApi } from '../../../src/channels/telegram/api.js';
import { TelegramMedia } from '../../../src/channels/telegram/media.js';
import { TELEGRAM_LIMITS, TelegramTransport } from '../../../src/channels/telegram/transport.js';
import { telegramChannel } from '../../../src/channels/telegram/index.js';
import { FakeTelegram, type FailureKind, JPEG, TOKEN } from './fake-telegram.js';

const log = pino({ level: 'silent' });
let nextId = 1;
const item = (p: Partial<OutboxPayload> = {}): OutboxItem => ({
  id: nextId++,
  payload: { to: '5554001', lang: 'zh-CN', text: `message ${nextId}`, ...p },
  attempts: 1,
  createdAt: new Date(),
});

/** The sending side alone against the fake Bot API, through telegraf's client. */
describe('Telegram transport', () => {
  let fake: FakeTelegram;
  let transport: TelegramTransport;
  let paced = 0;
  const pace = async () => {
    paced++;
  };

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    transport = new TelegramTransport(new TelegramApi(TOKEN, fake.url), () => log);
  });
  beforeEach(() => {
    fake.clearFailures();
    fake.calls.length = 0;
    paced = 0;
  });
  afterAll(async () => fake?.close());

  it('declares Telegram’s limits: one message per conversation per round, ~1/s per chat in bursts of 3, 30/s in all', () => {
    const channel = telegramChannel({ token: TOKEN });
    expect(channel.transport).toMatchObject({
      channel: 'telegram',
      batchSize: 1,
      perChatPerSecond: 1,
      perChatBurst: 3,
      globalPerSecond: 30,
    });
    expect(TELEGRAM_LIMITS.batchSize).toBe(1);
    expect(channel.media).toBeDefined();
  });

  it('sends each item in order with sendMessage, pacing before every request, parts included', async () => {
    const items = [
      item({ text: 'one' }),
      item({ text: `${'x'.repeat(4096)}\n${'y'.repeat(4096)}\nz`, choices: [{ id: '3:a', label: 'A' }] }),
      item({ text: 'three' }),
    ];
    expect(await transport.deliver(items, pace, new Date())).toEqual({ delivered: 3 });
    const sent = fake.sent('5554001');
    expect(sent.map((m) => m.text)).toEqual(['one', 'x'.repeat(4096), 'y'.repeat(4096), 'z', 'three']);
    expect(sent.map((m) => Object.keys(m.reply_markup ?? {})[0])).toEqual([
      'remove_keyboard',
      undefined,
      undefined,
      'inline_keyboard',
      'remove_keyboard',
    ]);
    expect(sent.every((m) => m.chat_id === 5554001)).toBe(true);
    expect(paced).toBe(fake.callsOf('sendMessage').length);
  });

  const cases: [FailureKind, string, object][] = [
    ['429', '5554001', { kind: 'retry', retryAfterMs: 1000, error: expect.stringMatching(/^429: Too Many Requests/) }],
    ['fixture-error', '5554001', { kind: 'retry', retryAfterMs: 12_000, error: '400: Error descriptions' }],
    ['500', '5554001', { kind: 'retry', error: expect.stringMatching(/^500/) }],
    ['403', '5554001', { kind: 'blocked', error: '403: Forbidden: bot was blocked by the user' }],
    ['chat-not-found', '5554001', { kind: 'blocked', error: '400: Bad Request: chat not found' }],
    ['chat-not-found', '-1005554001', { kind: 'rejected', error: '400: Bad Request: chat not found' }],
    ['bad-request', '5554001', { kind: 'rejected', error: '400: Bad Request: message text is empty' }],
  ];
  for (const [kind, to, failure] of cases) {
    it(`maps ${kind} for chat ${to} to ${(failure as { kind: string }).kind}, stopping at the failed item`, async () => {
      fake.fail('sendMessage', kind, { when: (b) => b.text === 'second' });
      const outcome = await transport.deliver(
        [item({ to, text: 'first' }), item({ to, text: 'second' }), item({ to, text: 'third' })],
        pace,
        new Date(),
      );
      expect(outcome).toEqual({ delivered: 1, failure: expect.objectContaining(failure) });
      expect(fake.callsOf('sendMessage').map((c) => c.body.text)).toEqual(['first', 'second']);
    });
  }

  it('a network failure or a refused token is worth retrying; the token never appears in the error', async () => {
    const unreachable = new TelegramTransport(new TelegramApi(TOKEN, 'http://127.0.0.1:9'), () => log);
    const down = await unreachable.deliver([item()], pace, new Date());
    expect(down).toMatchObject({ delivered: 0, failure: { kind: 'retry' } });
    expect(down.failure!.error).not.toContain(TOKEN.split(':')[1]);
    const wrongToken = new TelegramTransport(new TelegramApi('111:AAWrongTokenForTheFakeServer000000', fake.url), () => log);
    expect(await wrongToken.deliver([item()], pace, new Date())).toMatchObject({
      delivered: 0,
      failure: { kind: 'retry', error: expect.stringMatching(/401.*TELEGRAM_BOT_TOKEN/) },
    });
  });

  it('a split message that failed half-way resumes at the failed part: no part shown twice', async () => {
    const long = item({ text: ['a'.repeat(4000), 'b'.repeat(4000), 'c'.repeat(4000)].join('\n') });
    fake.fail('sendMessage', '500', { when: (b) => b.text.startsWith('b') });
    expect(await transport.deliver([long], pace, new Date())).toMatchObject({ delivered: 0, failure: { kind: 'retry' } });
    expect(await transport.deliver([{ ...long, attempts: 2 }], pace, new Date())).toEqual({ delivered: 1 });
    expect(fake.sent('5554001').map((m) => m.text[0])).toEqual(['a', 'b', 'c']);
  });

  it('downloads a photo through getFile and the file URL under the API root', async () => {
    const media = new TelegramMedia(new TelegramApi(TOKEN, fake.url));
    const photo = await media.fetch('AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADeQADJAQ');
    expect(Buffer.from(photo.bytes)).toEqual(JPEG);
    expect(photo.mime).toBe('image/jpeg');
    expect(fake.callsOf('getFile')[0]!.body).toEqual({
      file_id: 'AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADeQADJAQ',
    });
    fake.fail('getFile', 'bad-request');
    await expect(media.fetch('gone')).rejects.toThrow(/400/);
  });
});
