import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { type Fixline, startFixline } from '../../src/server.js';
import { FakeTelegram, TOKEN } from '../channels/telegram/fake-telegram.js';
import { PUBLIC_URL, SECRET, TgUser } from '../channels/telegram/harness.js';
import { testDatabase } from '../support/database.js';
import { ChatClient } from '../support/server.js';

const METRICS_TOKEN = 'background-thread-metrics-token';

/** The /metrics counters, summed over their labels where a label is given as `*`. */
async function counter(fixline: Fixline, name: string): Promise<number> {
  const text = await (await fetch(`${fixline.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('the background work (turns, sending) in a thread of its own (PostgreSQL, BACKGROUND_THREAD=on)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let fake: FakeTelegram;
  let fixline: Fixline;
  let dir: string;
  let updateId = 500_000;
  let messageId = 1;
  const desk = {
    get fake() {
      return fake;
    },
    nextUpdateId: () => ++updateId,
    nextMessageId: () => ++messageId,
    post: (body: unknown) =>
      fetch(`${fixline.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body: JSON.stringify(body),
      }),
  };

  beforeAll(async () => {
    database = await testDatabase('postgres');
    fake = await FakeTelegram.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-thread-'));
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      BACKGROUND_THREAD: 'on',
      ATTACHMENTS_DIR: path.join(dir, 'attachments'),
      LOG_LEVEL: 'silent',
      ADMIN_PASSWORD: 'a-long-test-password',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL,
      METRICS_TOKEN,
    });
    fixline = await startFixline(config);
  });

  afterAll(async () => {
    await fixline?.stop();
    await fake?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts the thread', () => {
    expect(fixline.backgroundThread).toBe(true);
  });

  it('answers a Telegram user: recorded by the webhook, processed and sent by the thread', async () => {
    const teacher = new TgUser(
      desk,
      { id: 42_001, is_bot: false, first_name: 'Mei', language_code: 'zh-hans' },
      { id: 42_001, type: 'private' },
    );
    await teacher.say('/start');
    const reply = await fake.waitFor(() => fake.sent(42_001).find((m) => m.reply_markup?.inline_keyboard), 'the main menu');
    expect(reply.text).toBeTruthy();
    await teacher.press(/报修|Report/);
    await fake.waitFor(() => fake.sent(42_001).length > 1, 'the first question of the report');
  });

  it('answers the web chat, whose replies the page reads from the transcript', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open({ lang: 'en' });
    await chat.waitFor(/fault desk/);
    expect((await chat.post({ text: "the panel in room 12 won't turn on" })).status).toBe(202);
    const { found } = await chat.waitFor(/What is your name/);
    expect(found.from).toBe('bot');
  });

  it('counts the thread’s work in /metrics of the instance', async () => {
    await expect.poll(() => counter(fixline, 'fixline_inbound_processed_total'), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(await counter(fixline, 'fixline_outbox_sent_total')).toBeGreaterThanOrEqual(2);
    expect(await counter(fixline, 'fixline_inbound_accepted_total')).toBeGreaterThanOrEqual(3);
    expect(await counter(fixline, 'fixline_db_statements_total')).toBeGreaterThan(10);
  });

  it('stops cleanly: the thread finishes and closes its connections', async () => {
    const started = performance.now();
    await fixline.stop();
    expect(performance.now() - started).toBeLessThan(10_000);
    const probe = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await probe<
        { n: number }[]
      >`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
      expect(row!.n).toBe(0);
    } finally {
      await probe.end();
    }
  });
});
