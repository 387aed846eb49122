import { desc, eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { escalateDue } from '../app/escalation-job.js';
import { scheduleTicketAlerts } from '../app/alerts/schedule.js';
import { DEFAULT_ALERT_SETTINGS } from '../config.js';
import { TakeoverService } from '../app/takeover.js';
import { TicketService } from '../app/ticket-service.js';
import type { Catalog } from '../catalog/catalog.js';
import type { InboundContent } from '../domain/messages.js';
import { commandContent, parseCommand } from '../flows/commands.js';
import { readState } from '../flows/state.js';
import type { Agent } from '../ports/console-store.js';
import { type Database, openDatabase } from '../storage/database.js';
import * as schema from '../storage/schema.js';
import { drizzleStore } from '../storage/store.js';
import { RulesExtractor } from '../triage/rules-extractor.js';
import { DESK_START, Desk, seedDesk } from './desk.js';
import type { ConversationTest, Step, TicketExpectation } from './format.js';
import { type TranscriptLine, transcriptLines } from './transcript.js';

/** The tables seedDesk fills; every other table is emptied before each test. */
const SEEDED = new Set(['contracts', 'organisations', 'sites', 'rooms', 'assets', 'agents']);

export interface Failure {
  /** The failing step (absent: the test failed before its first step). */
  readonly step?: Step;
  readonly index?: number;
  readonly message: string;
  readonly transcript: readonly TranscriptLine[];
  /** Transcript lines from this one on came after the step's last action (what `bot`, `offers`, `silent` look at). */
  readonly since: number;
}

export interface TestResult {
  readonly test: ConversationTest;
  readonly ms: number;
  readonly failure?: Failure;
}

/** A step that did not hold: its message says what was expected and what happened. */
class StepFailed extends Error {}

/**
 * Runs conversation tests against a real desk: one seeded PGlite database for the whole run,
 * emptied of everything but the seeded demo data before each test (so each test starts from the
 * same fresh desk, in a few milliseconds rather than the half second a copy of the database takes).
 */
export class ConversationTestRunner {
  private readonly clear: string;
  private agent: Agent | undefined;
  private count = 0;
  /** One for the run: its word lists' expressions are compiled once, not per test. */
  private readonly extractor: RulesExtractor;

  private constructor(
    private readonly database: Database,
    readonly catalog: Catalog,
  ) {
    const tables = (Object.values(schema) as unknown[])
      .flatMap((value) => (is(value, PgTable) ? [getTableName(value)] : []))
      // Contacts are deleted, not truncated: the seeded staff accounts refer to them (their own chats).
      .filter((name) => !SEEDED.has(name) && name !== 'contacts');
    this.extractor = new RulesExtractor(catalog.lexicons);
    this.clear = `truncate table ${tables.map((t) => `"${t}"`).join(', ')} restart identity`;
  }

  /** A runner on an in-memory database, migrated (from `template`, a migrated PGlite dump, when given) and seeded. */
  static async open(catalog: Catalog, options: { template?: Blob } = {}): Promise<ConversationTestRunner> {
    const database = await openDatabase({
      dataDir: 'memory://',
      ...(options.template ? { loadDataDir: options.template } : {}),
      migrate: true,
    });
    await seedDesk(database.db, catalog, DESK_START);
    return new ConversationTestRunner(database, catalog);
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  async run(test: ConversationTest): Promise<TestResult> {
    const started = performance.now();
    // Seeded staff accounts keep no chat of a contact that is about to go; contacts, which the seeded
    // accounts' table refers to, cannot be truncated, so they are deleted after the rest.
    await this.database.db.execute(sql`update agents set contact_id = null where contact_id is not null`);
    await this.database.db.execute(sql.raw(this.clear));
    await this.database.db.execute(sql`delete from contacts`);
    const desk = new Desk(this.database, this.catalog, { now: DESK_START, extractor: this.extractor, closeDatabase: async () => {} });
    const chat = new Chat(desk, test, await this.admin(), ++this.count);
    let index: number | undefined;
    try {
      if (test.channel === 'webchat' && test.steps[0]?.kind !== 'start') await chat.act({ kind: 'start' });
      for (const [i, step] of test.steps.entries()) {
        index = i;
        await chat.step(step);
      }
      return { test, ms: performance.now() - started };
    } catch (error) {
      const message =
        error instanceof StepFailed
          ? error.message
          : `the desk failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      const transcript = transcriptLines(await desk.transcript(chat.key));
      const failure: Failure = {
        ...(index !== undefined ? { step: test.steps[index], index } : {}),
        message,
        transcript,
        since: transcript.findIndex((l) => l.seq > chat.mark),
      };
      return { test, ms: performance.now() - started, failure };
    } finally {
      await desk.close();
    }
  }

  private async admin(): Promise<Agent> {
    if (this.agent) return this.agent;
    const found = await drizzleStore(this.database).read.console.agents.byUsername('admin');
    if (!found) throw new Error('the demo agent admin is missing');
    const { passwordHash: _hash, ...agent } = found;
    return (this.agent = agent);
  }
}

/** One test's conversation: what the teacher and the agent do, and what is checked. */
class Chat {
  readonly key: string;
  /** The transcript's last entry before the latest action of the teacher or the agent. */
  mark = 0;
  private readonly takeover: TakeoverService;
  private readonly ticketService: TicketService;

  constructor(
    private readonly desk: Desk,
    private readonly test: ConversationTest,
    private readonly agent: Agent,
    n: number,
  ) {
    this.key = `${test.channel}-test-${n}`;
    this.takeover = new TakeoverService(
      desk.store,
      desk.catalog,
      desk.deps.pushChannels,
      () => desk.now,
      () => {},
    );
    this.ticketService = new TicketService(
      desk.store,
      desk.catalog,
      desk.deps.pushChannels,
      () => desk.now,
      () => {},
      (r, id, now) => scheduleTicketAlerts(r, desk.catalog.contracts, DEFAULT_ALERT_SETTINGS, id, now).then(() => {}),
    );
  }

  async step(step: Step): Promise<void> {
    switch (step.kind) {
      case 'user':
        return this.act(this.typed(step.text));
      case 'start':
        if (this.test.channel === 'webchat')
          return this.act(step.assetTag ? { kind: 'start', assetTag: step.assetTag } : { kind: 'start' });
        return this.act(this.typed(step.assetTag ? `/start ${step.assetTag}` : '/start'));
      case 'press':
      case 'press_old':
        return this.press(step);
      case 'recorded': {
        const entry = (await this.desk.transcript(this.key)).filter((m) => m.direction === 'in').at(-1);
        if (!entry) fail('the teacher has sent nothing yet');
        if (!step.text.within(entry.text))
          fail(`expected the teacher's newest message to read "${step.text.source}"; it reads "${entry.text}"`);
        return;
      }
      case 'photo':
        return this.photo(step.caption);
      case 'agent':
        return this.agentDoes(step);
      case 'advance':
        this.desk.advance(step.ms);
        await escalateDue(this.desk.store, this.desk.catalog.contracts, this.desk.now, DEFAULT_ALERT_SETTINGS);
        return;
      case 'bot':
      case 'not_bot':
      case 'silent':
      case 'offers':
        return this.heard(step);
      case 'ticket':
        return this.ticket(step.expect);
      case 'tickets': {
        const n = (await this.tickets()).length;
        if (n !== step.count) fail(`expected the teacher to have ${step.count} ticket(s), they have ${n}`);
        return;
      }
      case 'questions': {
        const asked = readState((await this.desk.conversation(this.key))?.state).prompt;
        if (asked > step.max) fail(`expected at most ${step.max} questions so far, the bot asked ${asked}`);
        return;
      }
    }
  }

  /** Something the teacher sends, processed before the next step. */
  async act(content: InboundContent): Promise<void> {
    this.mark = await this.desk.lastSeq(this.key);
    await this.desk.send(this.key, content, { channel: this.test.channel, langHint: this.test.lang });
  }

  /** A typed message as the channels decode it: a command's words or slash command become the command. */
  private typed(text: string): InboundContent {
    const command = parseCommand(text, this.desk.catalog.flowSet.commands);
    return command ? commandContent(command, text) : { kind: 'text', text };
  }

  private async press(step: Extract<Step, { kind: 'press' | 'press_old' }>): Promise<void> {
    const offered = (await this.desk.transcript(this.key)).filter((m) => m.direction === 'out' && m.choices?.length);
    if (step.kind === 'press_old') {
      // The newest message with this button, among those before the newest buttons.
      const choice = offered
        .slice(0, -1)
        .reverse()
        .flatMap((m) => m.choices ?? [])
        .find((c) => step.label.is(c.label));
      if (!choice) fail(`no earlier button "${step.label.source}"`);
      return this.act({ kind: 'choice', id: choice.id });
    }
    const shown = offered.at(-1);
    const choice = shown?.choices?.find((c) => step.label.is(c.label));
    if (!choice) {
      fail(
        shown
          ? `no button "${step.label.source}" on the newest buttons: ${labels(shown.choices)}`
          : `no button "${step.label.source}": the bot has shown no buttons`,
      );
    }
    await this.act({ kind: 'choice', id: choice.id });
  }

  private async photo(caption: string | undefined): Promise<void> {
    const attachmentId = await this.desk.store.read.attachments.create({
      conversationId: null,
      mime: 'image/jpeg',
      size: 2048,
      sha256: '0'.repeat(64),
      storageKey: 'conversation-test-photo',
    });
    await this.act({ kind: 'photo', attachmentId, ...(caption ? { caption } : {}) });
  }

  private async agentDoes(step: Extract<Step, { kind: 'agent' }>): Promise<void> {
    const conversation = await this.desk.conversation(this.key);
    if (!conversation) fail('there is no conversation for an agent to act in yet');
    this.mark = await this.desk.lastSeq(this.key);
    try {
      if (step.action === 'take') await this.takeover.claim(this.agent, conversation.id);
      else if (step.action === 'say') await this.takeover.reply(this.agent, conversation.id, step.text);
      else if (step.action === 'resolve') {
        const newest = (await this.tickets())[0];
        if (!newest) fail('the teacher has no ticket to resolve');
        await this.ticketService.command(this.agent, newest.id, {
          kind: 'move',
          to: 'resolved',
          ...(step.text ? { note: step.text } : {}),
        });
      } else await this.takeover.release(this.agent, conversation.id);
    } catch (error) {
      fail(`the console refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.desk.processor.idle();
  }

  /** What the bot (or an agent) said since the last action. */
  private async heard(step: Extract<Step, { kind: 'bot' | 'not_bot' | 'silent' | 'offers' }>): Promise<void> {
    const said = (await this.desk.transcript(this.key)).filter((m) => m.seq > this.mark && m.direction === 'out');
    if (step.kind === 'silent') {
      if (said.length > 0) fail(`expected the bot to say nothing, it said ${said.length} message(s)`);
      return;
    }
    if (step.kind === 'offers') {
      const shown = said.filter((m) => m.choices?.length).at(-1);
      if (!shown) fail(`expected buttons ${step.labels.map((l) => `[${l.source}]`).join(' ')}; the bot showed no buttons`);
      const missing = step.labels.filter((l) => !shown.choices?.some((c) => l.is(c.label)));
      if (missing.length > 0)
        fail(`expected buttons ${missing.map((l) => `[${l.source}]`).join(' ')}; the newest are ${labels(shown.choices)}`);
      return;
    }
    for (const wanted of step.texts) {
      const found = said.some((m) => wanted.within(m.text));
      if (step.kind === 'bot' && !found) fail(`expected the bot to say "${wanted.source}"${said.length === 0 ? '; it said nothing' : ''}`);
      if (step.kind === 'not_bot' && found) fail(`expected the bot not to say "${wanted.source}"`);
    }
  }

  private async tickets() {
    const conversation = await this.desk.conversation(this.key);
    if (!conversation) return [];
    const t = schema.tickets;
    return this.desk.database.db
      .select({
        id: t.id,
        number: t.number,
        severity: t.severity,
        status: t.status,
        warranty: t.warranty,
        billable: t.billable,
        contract: t.contractId,
        asset: schema.assets.tag,
        facts: t.facts,
      })
      .from(t)
      .leftJoin(schema.assets, eq(schema.assets.id, t.assetId))
      .where(eq(t.reporterId, conversation.contactId))
      .orderBy(desc(t.createdAt), desc(t.number));
  }

  private async ticket(expect: TicketExpectation): Promise<void> {
    const newest = (await this.tickets())[0];
    if (!newest) fail('expected a ticket; the teacher has none');
    const actual: Record<keyof TicketExpectation, unknown> = {
      severity: newest.severity,
      status: newest.status,
      warranty: newest.warranty,
      billable: newest.billable,
      contract: newest.contract,
      asset: newest.asset,
      symptom: newest.facts.symptom,
      device: newest.facts.device,
    };
    const wrong = (Object.keys(expect) as (keyof TicketExpectation)[]).filter((k) => actual[k] !== expect[k]);
    if (wrong.length > 0) {
      const show = (v: unknown) => JSON.stringify(v ?? null);
      fail(`ticket ${newest.number}: ${wrong.map((k) => `${k} is ${show(actual[k])}, expected ${show(expect[k])}`).join('; ')}`);
    }
  }
}

function fail(message: string): never {
  throw new StepFailed(message);
}

function labels(choices: readonly { label: string }[] | null | undefined): string {
  return (choices ?? []).map((c) => `[${c.label}]`).join(' ');
}
