import { eq } from 'drizzle-orm';
import pino from 'pino';
import type { GuessLimits } from '../../src/app/guessing.js';
import type { Store } from '../../src/ports/store.js';
import { type TurnDeps } from '../../src/app/turn.js';
import { ConversationProcessor } from '../../src/app/processor.js';
import { receive } from '../../src/app/receive.js';
import { type Catalog, loadCatalog } from '../../src/catalog/catalog.js';
import type { ChannelName, InboundContent } from '../../src/domain/messages.js';
import { ensureAdmin, seedDemo, syncContracts } from '../../src/storage/seed.js';
import { conversations, messages, outbox, tickets } from '../../src/storage/schema.js';
import { drizzleStore } from '../../src/storage/store.js';
import { RulesExtractor } from '../../src/triage/rules-extractor.js';
import type { FactExtractor } from '../../src/triage/extractor.js';
import { FLOWS_DIR } from './contracts.js';
import { type TestDatabaseKind, testDatabase } from './database.js';

let cachedCatalog: Catalog | undefined;
export async function shippedCatalog(): Promise<Catalog> {
  if (cachedCatalog) return cachedCatalog;
  const { catalog, problems } = await loadCatalog(FLOWS_DIR);
  if (!catalog) throw new Error(JSON.stringify(problems));
  return (cachedCatalog = catalog);
}

/**
 * A whole desk on a test database: seeded demo data, the real flows, triage and policy, a clock
 * the test moves, and helpers to talk to it as a user of a channel would.
 */
export async function testDesk(kind: TestDatabaseKind, options: { extractor?: FactExtractor; now?: Date; guessLimits?: GuessLimits } = {}) {
  const database = await testDatabase(kind);
  const catalog = await shippedCatalog();
  await syncContracts(database.db, catalog.contracts);
  let now = options.now ?? new Date('2026-10-12T06:00:00Z');
  await seedDemo(database.db, now);
  await ensureAdmin(database.db, { password: 'a-long-test-password', generate: () => 'unused' });
  const store: Store = drizzleStore(database);
  const deps: TurnDeps = {
    store,
    catalog,
    extractor: options.extractor ?? new RulesExtractor(catalog.lexicons),
    clock: () => now,
    pushChannels: new Set<ChannelName>(['telegram', 'line']),
    ...(options.guessLimits ? { guessLimits: options.guessLimits } : {}),
  };
  const log = pino({ level: 'silent' });
  const processor = new ConversationProcessor(deps, log, { sweepEveryMs: 60_000, stalledAfterMs: 0, maxAttempts: 3, concurrency: 4 });
  let counter = 0;

  const desk = {
    database,
    store,
    catalog,
    deps,
    processor,
    log,
    get now() {
      return now;
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** Records a message as a channel would (in a one-to-one chat the sender is the chat, as on every channel) and waits until it is processed. */
    async send(
      key: string,
      content: InboundContent | string,
      opts: { channel?: ChannelName; externalId?: string; userId?: string; address?: string } = {},
    ) {
      const channel = opts.channel ?? 'webchat';
      const body = typeof content === 'string' ? ({ kind: 'text', text: content } as const) : content;
      const status = await receive(store, processor, {
        channel,
        externalId: opts.externalId ?? `e-${++counter}`,
        conversationKey: key,
        userId: opts.userId ?? key,
        receivedAt: now.toISOString(),
        content: body,
        ...(opts.address ? { address: opts.address } : {}),
      });
      await processor.idle();
      return status;
    },
    /** The transcript of a conversation. */
    async transcript(key: string) {
      const conv = await database.db.select().from(conversations).where(eq(conversations.externalKey, key));
      if (!conv[0]) return [];
      return database.db.select().from(messages).where(eq(messages.conversationId, conv[0].id)).orderBy(messages.seq);
    },
    async lastBot(key: string) {
      const t = await desk.transcript(key);
      return t.filter((m) => m.direction === 'out').at(-1);
    },
    /** Presses the button with this label on the newest bot message that has buttons. */
    async press(key: string, label: string | RegExp) {
      const t = await desk.transcript(key);
      const withChoices = t.filter((m) => m.choices?.length).at(-1);
      const choice = withChoices?.choices?.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
      if (!choice) throw new Error(`no button ${label}; last buttons: ${JSON.stringify(withChoices?.choices)}`);
      await desk.send(key, { kind: 'choice', id: choice.id });
    },
    async botTextsSince(key: string, seq: number) {
      return (await desk.transcript(key))
        .filter((m) => m.seq > seq && m.direction === 'out')
        .map((m) => m.text)
        .join('\n');
    },
    async lastSeq(key: string) {
      return (await desk.transcript(key)).at(-1)?.seq ?? 0;
    },
    tickets: () => database.db.select().from(tickets).orderBy(tickets.number),
    outbox: () => database.db.select().from(outbox).orderBy(outbox.id),
    async close() {
      await processor.stop();
      await database.drop();
    },
  };
  return desk;
}

export type TestDesk = Awaited<ReturnType<typeof testDesk>>;
