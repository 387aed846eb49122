import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { telegramChannel } from '../../../src/channels/telegram/index.js';
import type { TelegramLimits } from '../../../src/channels/telegram/transport.js';
import { parseConfig } from '../../../src/config.js';
import { type Fixline, startFixline } from '../../../src/server.js';
import { conversations, inboundEvents, messages, outbox } from '../../../src/storage/schema.js';
import { startTestServer } from '../../support/server.js';
import { BOT, type Body, FakeTelegram, TOKEN } from './fake-telegram.js';

export const SECRET = 'test_webhook_secret-0123456789';
export const PUBLIC_URL = 'https://fixline.example.org/';
/** Fast enough for a test to walk a whole report in a few seconds. */
const FAST: Partial<TelegramLimits> = { perChatPerSecond: 50, perChatBurst: 50, globalPerSecond: 200 };

export interface DeskOptions {
  /** Long polling (no PUBLIC_URL) instead of the webhook. */
  readonly polling?: boolean;
  /** Without TELEGRAM_WEBHOOK_SECRET. */
  readonly noSecret?: boolean;
  /** Started from the environment like `npm start` (the registry, Telegram's own limits) instead of with a module given to startFixline. */
  readonly viaConfig?: boolean;
  readonly limits?: Partial<TelegramLimits>;
  readonly pollTimeoutSeconds?: number;
  /** More settings, as environment variables. */
  readonly env?: Record<string, string>;
}

/** fixline on a fresh PGlite with the Telegram channel, talking to a fake Bot API. */
export async function telegramDesk(options: DeskOptions = {}) {
  const fake = await FakeTelegram.start();
  const env: Record<string, string> = {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    ...(options.noSecret ? {} : { TELEGRAM_WEBHOOK_SECRET: SECRET }),
    ...(options.polling ? {} : { PUBLIC_URL }),
    ...options.env,
  };
  let fixline: Fixline & { dir: string };
  if (options.viaConfig) fixline = await startTestServer(env);
  else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-telegram-'));
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      ATTACHMENTS_DIR: path.join(dir, 'attachments'),
      LOG_LEVEL: 'silent',
      ADMIN_PASSWORD: 'a-long-test-password',
      ...env,
    });
    const channel = telegramChannel({
      token: TOKEN,
      apiRoot: fake.url,
      ...(options.noSecret ? {} : { webhookSecret: SECRET }),
      ...(options.polling ? {} : { publicUrl: PUBLIC_URL }),
      limits: options.limits ?? FAST,
      ...(options.pollTimeoutSeconds ? { pollTimeoutSeconds: options.pollTimeoutSeconds } : {}),
    });
    const started = await startFixline(config, { loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]), channels: [channel] });
    const stopFixline = started.stop.bind(started);
    fixline = Object.assign(started, {
      dir,
      stop: async () => {
        await stopFixline();
        await rm(dir, { recursive: true, force: true });
      },
    });
  }
  const db = fixline.database.db;
  let updateId = 700_000;
  let messageId = 10;

  const desk = {
    fake,
    fixline,
    db,
    nextUpdateId: () => ++updateId,
    nextMessageId: () => ++messageId,
    /** Posts to the webhook as Telegram does (with the secret unless told otherwise). */
    post(body: unknown, headers: Record<string, string> = { 'X-Telegram-Bot-Api-Secret-Token': SECRET }) {
      return fetch(`${fixline.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async inboundCount(): Promise<number> {
      return (await db.select({ n: count() }).from(inboundEvents))[0]!.n;
    },
    async conversation(chatId: number | string) {
      return (
        await db
          .select()
          .from(conversations)
          .where(and(eq(conversations.channel, 'telegram'), eq(conversations.externalKey, String(chatId))))
      )[0];
    },
    async transcript(chatId: number | string) {
      const conv = await desk.conversation(chatId);
      return conv ? db.select().from(messages).where(eq(messages.conversationId, conv.id)).orderBy(messages.seq) : [];
    },
    async outboxOf(chatId: number | string) {
      const conv = await desk.conversation(chatId);
      return conv ? db.select().from(outbox).where(eq(outbox.conversationId, conv.id)).orderBy(outbox.id) : [];
    },
    /** Waits until every event of the chat is processed and nothing of it waits in the outbox. */
    async settled(chatId: number | string, timeoutMs = 15_000) {
      await fake.waitFor(
        async () => {
          const unprocessed = await db
            .select({ n: count() })
            .from(inboundEvents)
            .where(and(eq(inboundEvents.conversationKey, String(chatId)), isNull(inboundEvents.processedAt)));
          if (unprocessed[0]!.n > 0) return false;
          return (await desk.outboxOf(chatId)).every((r) => r.status !== 'pending');
        },
        `chat ${chatId} to settle`,
        timeoutMs,
      );
    },
    user(id: number, options: { lang?: string; name?: string; chat?: { id: number; type: string; title?: string } } = {}): TgUser {
      return new TgUser(
        desk,
        { id, is_bot: false, first_name: options.name ?? `Teacher${id}`, language_code: options.lang ?? 'zh-hans' },
        options.chat ?? { id, type: 'private' },
      );
    },
    async stop() {
      await fixline.stop();
      await fake.close();
    },
  };
  return desk;
}

export type TelegramDesk = Awaited<ReturnType<typeof telegramDesk>>;

/** What a user needs of the desk. */
interface UserDesk {
  readonly fake: FakeTelegram;
  nextUpdateId(): number;
  nextMessageId(): number;
  post(body: unknown): Promise<Response>;
}

/** A Telegram user as the Bot API would show them to fixline. */
export class TgUser {
  /** How many messages this chat had received when the user last sent something. */
  mark = 0;
  /** Buttons pressed so far. */
  presses = 0;

  constructor(
    readonly desk: UserDesk,
    readonly from: Body,
    readonly chat: { id: number; type: string; title?: string },
  ) {}

  /** An update carrying a message with these fields. */
  message(fields: Body, kind: 'message' | 'edited_message' = 'message'): Body {
    const chat = this.chat.type === 'private' ? { ...this.chat, first_name: this.from.first_name } : this.chat;
    return {
      update_id: this.desk.nextUpdateId(),
      [kind]: { message_id: this.desk.nextMessageId(), from: this.from, chat, date: Math.floor(Date.now() / 1000), ...fields },
    };
  }

  /** A text update, with the entities Telegram adds for a leading command. */
  text(text: string): Body {
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    return this.message({ text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}) });
  }

  /** Posts an update; it must be accepted. */
  async send(update: Body): Promise<Body> {
    this.mark = this.desk.fake.sent(this.chat.id).length;
    const res = await this.desk.post(update);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Body;
  }

  say(text: string) {
    return this.send(this.text(text));
  }

  /** Sends a photo as Telegram does: several sizes, the largest last. */
  photo(caption?: string) {
    const n = this.desk.nextMessageId();
    const sizes = [90, 320, 1280].map((w) => ({
      file_id: `photo-${n}-${w}`,
      file_unique_id: `u-${n}-${w}`,
      width: w,
      height: w,
      file_size: w * 100,
    }));
    return this.send(this.message({ photo: sizes, ...(caption ? { caption } : {}) }));
  }

  /** The newest message of this chat with inline buttons. */
  lastKeyboard(): Body | undefined {
    return this.desk.fake
      .sent(this.chat.id)
      .filter((m) => m.reply_markup?.inline_keyboard)
      .at(-1);
  }

  /** Presses a button of the newest inline keyboard, as a callback_query update. */
  async press(label: string | RegExp): Promise<Body> {
    const keyboard = this.lastKeyboard();
    const buttons: Body[] = keyboard?.reply_markup.inline_keyboard.flat() ?? [];
    const button = buttons.find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(buttons.map((b) => b.text))}`);
    const chat = this.chat.type === 'private' ? { ...this.chat, first_name: this.from.first_name } : this.chat;
    this.presses++;
    return this.send({
      update_id: this.desk.nextUpdateId(),
      callback_query: {
        id: `cb-${this.desk.nextMessageId()}`,
        from: this.from,
        chat_instance: '-4000000001',
        message: { message_id: 1, from: BOT, chat, date: Math.floor(Date.now() / 1000), text: keyboard!.text },
        data: button.callback_data,
      },
    });
  }

  /** Waits for a message to this chat, sent after the user's last message, whose text matches. */
  async expect(pattern: RegExp, timeoutMs = 10_000): Promise<Body> {
    return this.desk.fake.waitFor(
      () =>
        this.desk.fake
          .sent(this.chat.id)
          .slice(this.mark)
          .find((m) => pattern.test(m.text)),
      () =>
        `a message ${pattern} to chat ${this.chat.id}; got ${JSON.stringify(
          this.desk.fake
            .sent(this.chat.id)
            .slice(this.mark)
            .map((m) => m.text),
        )}`,
      timeoutMs,
    );
  }
}
