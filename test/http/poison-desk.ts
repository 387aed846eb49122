import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { lineSignature } from '../../src/channels/line/verify.js';
import { parseConfig } from '../../src/config.js';
import { startFixline } from '../../src/server.js';
import { FakeLineApi } from '../channels/line/fake-line-api.js';
import { FakeTelegram, TOKEN } from '../channels/telegram/fake-telegram.js';
import { ConsoleClient } from '../support/console-client.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';
import { ChatClient } from '../support/server.js';

const TELEGRAM_SECRET = 'poison_webhook_secret-0123456789';
const LINE_SECRET = 'fixline-poison-line-channel-secret';
const LINE_TOKEN = 'fixline-poison-line-access-token';
const ADMIN_PASSWORD = 'a-long-test-password';

/**
 * fixline with all three channels (Telegram and LINE against fakes) and the console, on PGlite
 * or on a fresh PostgreSQL database, started from its environment as `npm start` would.
 */
export async function poisonDesk(kind: TestDatabaseKind) {
  const telegram = await FakeTelegram.start();
  const line = await FakeLineApi.start(LINE_TOKEN);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-poison-'));
  const postgres = kind === 'postgres' ? await testDatabase('postgres') : undefined;
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(postgres ? { DATABASE_URL: postgres.url!, BACKGROUND_THREAD: 'off' } : { DATA_DIR: 'memory://' }),
    ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    PUBLIC_URL: 'https://fixline.example.org/',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: line.apiUrl,
    LINE_DATA_API_BASE_URL: line.dataUrl,
  });
  const template = postgres ? undefined : new Blob([await readFile(inject('pgliteTemplate'))]);
  const fixline = await startFixline(config, template ? { loadDataDir: template } : {});
  const admin = new ConsoleClient(fixline.url);
  const signedIn = await admin.login('admin', ADMIN_PASSWORD);
  if (signedIn.status !== 200) throw new Error(`admin sign-in failed: ${signedIn.status}`);

  return {
    fixline,
    telegram,
    line,
    admin,
    db: fixline.database.db,
    chat: () => new ChatClient(fixline.url),
    /** A Telegram update posted to the webhook with the secret. */
    telegramPost(update: unknown) {
      return fetch(`${fixline.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(update),
      });
    },
    /** LINE events posted as one signed batch. */
    linePost(...events: unknown[]) {
      const body = Buffer.from(JSON.stringify({ destination: 'Ubotfixline000000000000000000000', events }), 'utf8');
      return fetch(`${fixline.url}/webhooks/line`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(body, LINE_SECRET) },
        body: new Uint8Array(body),
      });
    },
    async stop() {
      await fixline.stop();
      await telegram.close();
      await line.close();
      await postgres?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type PoisonDesk = Awaited<ReturnType<typeof poisonDesk>>;
