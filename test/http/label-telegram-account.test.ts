/**
 * QR labels for Telegram without TELEGRAM_BOT_USERNAME: the bot's username comes from Telegram's
 * getMe (a fake Bot API on loopback, driven by fixline's own client), so the labels page offers
 * Telegram and the sheet is made; while Telegram cannot answer, the page says which setting to give.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { sites } from '../../src/storage/schema.js';
import { FakeTelegram, TOKEN } from '../channels/telegram/fake-telegram.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fake: FakeTelegram;
let fixline: Fixline & { dir: string };
let admin: ConsoleClient;

interface Choices {
  channels: { id: string; problem: string | null }[];
}

beforeAll(async () => {
  fake = await FakeTelegram.start();
  // Telegram does not answer getMe at first (the start-up asks it too, and retries).
  fake.fail('getMe', '500', { times: 10_000 });
  fixline = await startTestServer({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    PUBLIC_URL: 'https://desk.example.org',
    TELEGRAM_WEBHOOK_SECRET: 'a-webhook-secret-of-fixline',
  });
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
}, 60_000);
afterAll(async () => {
  await fixline?.stop();
  await fake?.close();
});

describe('Telegram label links without TELEGRAM_BOT_USERNAME', () => {
  it("use the bot's username from getMe once Telegram answers; until then the page names the setting", async () => {
    const telegram = async () => (await admin.json<Choices>('/assets/labels/choices')).channels.find((c) => c.id === 'telegram');
    expect((await telegram())?.problem).toMatch(/TELEGRAM_BOT_USERNAME/);
    const [site] = await fixline.database.db.select().from(sites).where(eq(sites.name, '明湖小学'));
    expect((await admin.get(`/assets/labels.pdf?site=${site!.id}&channel=telegram`)).status).toBe(400);
    // Telegram answers again: the page asks getMe itself, and the bot's username makes the links.
    fake.clearFailures();
    await expect.poll(async () => (await telegram())?.problem, { timeout: 20_000 }).toBeNull();
    const res = await admin.get(`/assets/labels.pdf?site=${site!.id}&channel=telegram`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(fake.callsOf('getMe').length).toBeGreaterThan(0);
  });
});
