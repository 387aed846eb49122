import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { type LineInternals, lineChannel } from '../../../src/channels/line/index.js';
import { lineSignature } from '../../../src/channels/line/verify.js';
import { parseConfig } from '../../../src/config.js';
import { startFixline } from '../../../src/server.js';
import { conversations, inboundEvents, messages, outbox } from '../../../src/storage/schema.js';
import { LINE_FIXTURES } from '../../support/fixtures.js';
import { FakeLineApi, type Shown } from './fake-line-api.js';

const SECRET = 'fixline-line-test-channel-secret';
export const ACCESS_TOKEN = 'fixline-line-test-access-token';
/** The platform's own payloads, replayed as they are (test/fixtures/line). */
export const FIXTURES = LINE_FIXTURES;

export const fixture = (name: string) => readFile(path.join(FIXTURES, name));

let counter = 0;
/** A webhook event id as LINE makes them (a ULID: 26 characters). */
export const eventId = () => `01TEST${String(++counter).padStart(6, '0')}${randomBytes(7).toString('hex').toUpperCase()}`;

export interface LineDeskOptions {
  /** A channel built by the test (another secret, internals); default: the one the config turns on. */
  readonly secret?: string;
  readonly internals?: LineInternals;
  readonly clock?: () => Date;
}

/** Webhook events as LINE sends them, from a user in a one-to-one chat, each with a fresh reply token. */
export function lineEvents(fake: FakeLineApi) {
  const base = (user: string, type: string) => ({
    type,
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId: user },
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
    replyToken: fake.issueToken(user),
  });
  return {
    base,
    text: (user: string, text: string) => ({
      ...base(user, 'message'),
      message: { id: String(Date.now()), type: 'text', quoteToken: 'q', text },
    }),
    postback: (user: string, data: string) => ({ ...base(user, 'postback'), postback: { data } }),
  };
}

/**
 * fixline with LINE turned on against a fake LINE API, on its own in-memory database. Without
 * options it is wired exactly as `npm start` would (LINE_* variables → registry → lineChannel).
 */
export async function startLineDesk(options: LineDeskOptions = {}) {
  const fake = await FakeLineApi.start(ACCESS_TOKEN);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-line-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'a-long-test-password',
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    LINE_API_BASE_URL: fake.apiUrl,
    LINE_DATA_API_BASE_URL: fake.dataUrl,
  });
  const secret = options.secret ?? SECRET;
  const custom = options.secret !== undefined || options.internals !== undefined;
  const channels = custom
    ? [
        lineChannel(
          { channelSecret: secret, accessToken: ACCESS_TOKEN, apiBaseUrl: fake.apiUrl, dataApiBaseUrl: fake.dataUrl },
          options.internals,
        ),
      ]
    : undefined;
  const template = new Blob([await readFile(inject('pgliteTemplate'))]);
  const fixline = await startFixline(config, {
    loadDataDir: template,
    ...(channels ? { channels } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const db = fixline.database.db;
  const webhook = `${fixline.url}/webhooks/line`;

  const desk = {
    fixline,
    fake,
    db,
    webhook,
    secret,
    /** Posts these exact bytes, signed with the channel secret unless a signature is given (null: none). */
    post(body: string | Uint8Array, signature?: string | null, headers: Record<string, string> = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const sig = signature === undefined ? lineSignature(bytes, secret) : signature;
      return fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sig === null ? {} : { 'x-line-signature': sig }), ...headers },
        body: new Uint8Array(bytes),
      });
    },
    /** Posts events as LINE batches them. */
    async send(...events: object[]) {
      const res = await desk.post(JSON.stringify({ destination: 'Ubotfixline000000000000000000000', events }));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { accepted: number; duplicates: number; ignored: number };
    },
    ...lineEvents(fake),
    image: (user: string, id: string) => ({
      ...desk.base(user, 'message'),
      message: { id, type: 'image', contentProvider: { type: 'line' } },
    }),
    follow: (user: string) => ({ ...desk.base(user, 'follow'), follow: { isUnblocked: false } }),
    unfollow: (user: string) => {
      const { replyToken: _none, ...event } = desk.base(user, 'unfollow');
      return event;
    },
    /** The newest message shown to `user` with quick replies, and the button whose full label matches. */
    button(user: string, label: string | RegExp) {
      const last = fake
        .shownTo(user)
        .filter((s) => s.quick)
        .at(-1);
      const item = last?.quick?.find((q) => (typeof label === 'string' ? q.displayText === label : label.test(q.displayText ?? q.label)));
      if (!item) throw new Error(`no button ${label}; last buttons: ${JSON.stringify(last?.quick?.map((q) => q.displayText))}`);
      return item;
    },
    /** Presses a quick-reply button (a postback with its data) and waits for the answer to arrive. */
    async press(user: string, label: string | RegExp, answer: RegExp) {
      const before = fake.shownTo(user).length;
      await desk.send(desk.postback(user, desk.button(user, label).data));
      return fake.waitForText(user, answer, before);
    },
    /** Sends a text and waits for the answer. */
    async say(user: string, text: string, answer: RegExp) {
      const before = fake.shownTo(user).length;
      await desk.send(desk.text(user, text));
      return fake.waitForText(user, answer, before);
    },
    async inboundCount() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inboundEvents);
      return row!.n;
    },
    async conversation(key: string) {
      const [conv] = await db.select().from(conversations).where(eq(conversations.externalKey, key));
      return conv;
    },
    async transcript(key: string) {
      const conv = await desk.conversation(key);
      if (!conv) return [];
      return db.select().from(messages).where(eq(messages.conversationId, conv.id)).orderBy(messages.seq);
    },
    /** Waits until turns have processed everything received. */
    async settled(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(inboundEvents)
          .where(sql`${inboundEvents.processedAt} is null`);
        if (row!.n === 0) return;
        if (Date.now() > until) throw new Error(`${row!.n} events still unprocessed`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    /** Waits until everything received is processed and every reply has left (or failed). */
    async drained(timeoutMs = 10_000) {
      await desk.settled(timeoutMs);
      await until(
        async () => {
          const [row] = await db
            .select({ n: sql<number>`count(*)::int` })
            .from(outbox)
            .where(eq(outbox.status, 'pending'));
          return row!.n === 0;
        },
        timeoutMs,
        'the outbox to drain',
      );
    },
    async stop() {
      await fixline.stop();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return desk;
}

export type LineDesk = Awaited<ReturnType<typeof startLineDesk>>;

/** Texts shown to a user, in order. */
export const texts = (shown: readonly Shown[]) => shown.map((s) => s.text);

/** Polls until `check` returns a value that is not undefined/false. */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'the expected state'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
