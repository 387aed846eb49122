import { eq } from 'drizzle-orm';
import type { PhotoReader } from '../app/actions/context.js';
import pino, { type Logger } from 'pino';
import type { GuessLimits } from '../app/guessing.js';
import { ConversationProcessor } from '../app/processor.js';
import { ticketOpened } from '../app/alerts/schedule.js';
import { DEFAULT_ALERT_SETTINGS } from '../config.js';
import { receive } from '../app/receive.js';
import type { Received } from '../ports/channel-module.js';
import type { TurnDeps } from '../app/turn.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ChannelName, InboundContent } from '../domain/messages.js';
import type { Store } from '../ports/store.js';
import type { Database, Db } from '../storage/database.js';
import { conversations, messages, outbox, tickets } from '../storage/schema.js';
import { ensureAdmin, seedDemo, syncContracts } from '../storage/seed.js';
import { drizzleStore } from '../storage/store.js';
import type { FactExtractor } from '../triage/extractor.js';
import { RulesExtractor } from '../triage/rules-extractor.js';

/** When a desk's clock starts unless told otherwise: a Monday, 14:00 in Asia/Shanghai. */
export const DESK_START = new Date('2026-10-12T06:00:00Z');

/** The password of the demo `admin` agent on a desk made here (never a real desk's). */
export const DESK_ADMIN_PASSWORD = 'a-long-test-password';

/** The demo data on an empty database: the contracts of the catalog, the made-up district (dated from `now`), the `admin` agent. */
export async function seedDesk(db: Db, catalog: Catalog, now: Date = DESK_START): Promise<void> {
  await syncContracts(db, catalog.contracts);
  await seedDemo(db, catalog, now);
  await ensureAdmin(db, { password: DESK_ADMIN_PASSWORD, generate: () => DESK_ADMIN_PASSWORD });
}

export interface DeskOptions {
  readonly extractor?: FactExtractor;
  readonly now?: Date;
  readonly guessLimits?: GuessLimits;
  /** Reads stored photos for an extractor that takes them (as the background work does with LLM_SEND_PHOTOS). */
  readonly photos?: PhotoReader;
  /** Closes the database when the desk closes (default: `database.close()`). */
  readonly closeDatabase?: () => Promise<void>;
}

/**
 * A whole desk on a seeded database, without HTTP or channels: the real flows, triage and policy,
 * the processor, a clock the caller moves, and ways to talk to it as a channel's user would.
 * The conversation tests (`npm run flows:test`) and the test suites drive it.
 */
export class Desk {
  readonly store: Store;
  readonly deps: TurnDeps;
  readonly processor: ConversationProcessor;
  readonly log: Logger = pino({ level: 'silent' });
  private clock: Date;
  private counter = 0;

  constructor(
    readonly database: Database,
    readonly catalog: Catalog,
    private readonly options: DeskOptions = {},
  ) {
    this.clock = options.now ?? DESK_START;
    this.store = drizzleStore(database);
    this.deps = {
      store: this.store,
      catalog,
      extractor: options.extractor ?? new RulesExtractor(catalog.lexicons),
      clock: () => this.clock,
      pushChannels: new Set<ChannelName>(['telegram', 'line']),
      ...(options.guessLimits ? { guessLimits: options.guessLimits } : {}),
      ...(options.photos ? { photos: options.photos } : {}),
      ticketOpened: (r, ticketId, now) => ticketOpened(r, catalog, DEFAULT_ALERT_SETTINGS, ticketId, now),
    };
    this.processor = new ConversationProcessor(this.deps, this.log, {
      sweepEveryMs: 60_000,
      stalledAfterMs: 0,
      maxAttempts: 3,
      concurrency: 4,
    });
  }

  get now(): Date {
    return this.clock;
  }

  advance(ms: number): void {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  /** Records a message as a channel would (in a one-to-one chat the sender is the chat, as on every channel) and waits until it is processed. */
  async send(
    key: string,
    content: InboundContent | string,
    opts: { channel?: ChannelName; externalId?: string; userId?: string; address?: string; langHint?: 'zh-CN' | 'en' } = {},
  ): Promise<Received> {
    const body = typeof content === 'string' ? ({ kind: 'text', text: content } as const) : content;
    const status = await receive(this.store, this.processor, {
      channel: opts.channel ?? 'webchat',
      externalId: opts.externalId ?? `e-${++this.counter}`,
      conversationKey: key,
      userId: opts.userId ?? key,
      receivedAt: this.clock.toISOString(),
      content: body,
      ...(opts.address ? { address: opts.address } : {}),
      ...(opts.langHint ? { langHint: opts.langHint } : {}),
    });
    await this.processor.idle();
    return status;
  }

  /** The conversation of a chat (its key), if it has begun. */
  async conversation(key: string) {
    const [found] = await this.database.db.select().from(conversations).where(eq(conversations.externalKey, key));
    return found;
  }

  /** The transcript of a conversation, in order. */
  async transcript(key: string) {
    const conv = await this.conversation(key);
    if (!conv) return [];
    return this.database.db.select().from(messages).where(eq(messages.conversationId, conv.id)).orderBy(messages.seq);
  }

  async lastBot(key: string) {
    return (await this.transcript(key)).filter((m) => m.direction === 'out').at(-1);
  }

  /** Presses the button with this label on the newest bot message that has buttons. */
  async press(key: string, label: string | RegExp, opts: { channel?: ChannelName } = {}): Promise<void> {
    const withChoices = (await this.transcript(key)).filter((m) => m.choices?.length).at(-1);
    const choice = withChoices?.choices?.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
    if (!choice) throw new Error(`no button ${String(label)}; last buttons: ${JSON.stringify(withChoices?.choices)}`);
    await this.send(key, { kind: 'choice', id: choice.id }, opts);
  }

  async botTextsSince(key: string, seq: number): Promise<string> {
    return (await this.transcript(key))
      .filter((m) => m.seq > seq && m.direction === 'out')
      .map((m) => m.text)
      .join('\n');
  }

  async lastSeq(key: string): Promise<number> {
    return (await this.transcript(key)).at(-1)?.seq ?? 0;
  }

  tickets() {
    return this.database.db.select().from(tickets).orderBy(tickets.number);
  }

  outbox() {
    return this.database.db.select().from(outbox).orderBy(outbox.id);
  }

  async close(): Promise<void> {
    await this.processor.stop();
    await (this.options.closeDatabase ?? (() => this.database.close()))();
  }
}
