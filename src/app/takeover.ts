import type { Catalog } from '../catalog/catalog.js';
import type { Severity } from '../domain/contract.js';
import { type Lang, render } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import { handleInput } from '../flows/engine.js';
import { handoverSummary } from './report-summary.js';
import { readState } from '../flows/state.js';
import type { Agent, QueueEntry } from '../ports/console-store.js';
import { ConversationWriter } from './conversation-writer.js';
import { can, Conflict, Forbidden, mayAct, NotFound, type Permission, requirePermission } from './permissions.js';
import type { ConversationRecord, Repos, Store, TicketRecord } from '../ports/store.js';
import { type CollectedFlow, collected, humanText, presentTranscript, type TranscriptMessage } from './transcript.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { A: 0, B: 1, C: 2, D: 3 };
const MAX_AGENT_TEXT = 4000;

/**
 * The queue order: people waiting for a human first, then replies nobody has seen fail, then the
 * conversations agents hold; within each, the most severe ticket, then the longest wait.
 */
function queueOrder(a: QueueEntry, b: QueueEntry): number {
  const waiting = (e: QueueEntry) => (e.mode === 'human' ? 2 : e.humanRequestedAt ? 0 : 1);
  const rank = (e: QueueEntry) => (e.ticket ? SEVERITY_RANK[e.ticket.severity] : 2.5);
  const since = (e: QueueEntry) => (e.humanRequestedAt ?? e.lastMessageAt ?? new Date(0)).getTime();
  return waiting(a) - waiting(b) || rank(a) - rank(b) || since(a) - since(b);
}

/** How far back the `recent` list of conversations reaches. */
export const RECENT_DAYS = 30;

export interface ConversationPage {
  readonly conversations: readonly QueueEntry[];
  /** Pass as `cursor` for the next page; null: this is the last. */
  readonly nextCursor: string | null;
}

/** A page's end, opaque to the page: the last entry's activity time and id. */
function writeCursor(e: QueueEntry): string {
  return Buffer.from(JSON.stringify([e.activityAt.toISOString(), e.id])).toString('base64url');
}

/** Reads a cursor this list gave; null when it is not one. */
export function readCursor(cursor: string): { at: Date; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string') return null;
    const at = new Date(value[0]);
    return Number.isNaN(at.getTime()) ? null : { at, id: value[1] };
  } catch {
    return null;
  }
}

export interface ConversationView {
  readonly entry: QueueEntry;
  /** What the teacher sent and was shown, in words, with the agents' names (raw entries in `raw`). */
  readonly transcript: readonly TranscriptMessage[];
  /** What the bot collected in the flows in progress: each question as asked, and the answer. */
  readonly collected: readonly CollectedFlow[];
  readonly failed: readonly { id: number; messageId: number; seq: number | null; lastError: string | null; reviewed: boolean }[];
  readonly tickets: readonly TicketRecord[];
}

/**
 * Human takeover: the queue, claiming (exclusive), replying through the user's channel, internal
 * notes, transfer, and handing back to the bot. Every change is audited with who made it.
 */
export class TakeoverService {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly pushChannels: ReadonlySet<ChannelName>,
    private readonly clock: () => Date,
    private readonly wake: (channel: ChannelName) => void,
  ) {}

  async queue(agent: Agent): Promise<QueueEntry[]> {
    this.require(agent, 'conversations.view');
    return (await this.store.read.console.queue.queue()).map((e) => this.preview(e)).sort(queueOrder);
  }

  /**
   * Conversations in any state (also those handed back to the bot), newest activity first, a page
   * at a time: `recent` those active in the last RECENT_DAYS days, `all` every one; `query` searches
   * the contact's name and phone, tickets' numbers and asset tags, and the messages.
   */
  async conversations(
    agent: Agent,
    search: { scope: 'recent' | 'all'; query?: string; after?: { at: Date; id: string }; limit: number },
  ): Promise<ConversationPage> {
    this.require(agent, 'conversations.view');
    const after = search.after;
    const since = search.scope === 'recent' ? new Date(this.clock().getTime() - RECENT_DAYS * 86_400_000) : null;
    const found = await this.store.read.console.queue.list({
      since,
      limit: search.limit + 1,
      ...(search.query?.trim() ? { query: search.query.trim() } : {}),
      ...(after ? { after } : {}),
    });
    const page = found.slice(0, search.limit).map((e) => this.preview(e));
    const last = page.at(-1);
    return { conversations: page, nextCursor: found.length > search.limit && last ? writeCursor(last) : null };
  }

  /** A queue entry whose last message reads as words (a photo: "[照片]"), in the conversation's language. */
  preview(entry: QueueEntry): QueueEntry {
    return entry.lastMessage ? { ...entry, lastText: humanText(this.catalog, { ...entry.lastMessage }, entry.lang) } : entry;
  }

  async view(agent: Agent, id: string): Promise<ConversationView> {
    this.require(agent, 'conversations.view');
    const found = await this.store.read.console.queue.entry(id);
    if (!found) throw new NotFound('no such conversation');
    const entry = this.preview(found);
    const conversation = await this.store.read.conversations.get(id);
    if (!conversation) throw new NotFound('no such conversation');
    const names = new Map((await this.store.read.console.agents.list()).map((a) => [a.id, a.displayName]));
    return {
      entry,
      transcript: presentTranscript(this.catalog, await this.store.read.messages.after(id, 0, 2000), entry.lang, names),
      collected: collected(this.catalog, entry.state),
      failed: await this.store.read.outbox.failed(id),
      tickets: await this.store.read.tickets.listByReporter(conversation.contactId, 20),
    };
  }

  /** Takes the conversation (exclusive); the teacher is told, in their language, who joined. */
  async claim(agent: Agent, id: string): Promise<void> {
    this.require(agent, 'conversations.take');
    await this.write(
      agent,
      id,
      async (r, conversation, writer, now) => {
        if (!(await r.console.queue.claim(id, agent.id, now))) {
          const owner = conversation.agentId ? await r.console.agents.get(conversation.agentId) : null;
          throw new Conflict('already_claimed', `${owner?.displayName ?? 'another agent'} is already handling this conversation`);
        }
        const state = readState(conversation.state);
        const lang = state.lang;
        // Taken without the teacher asking: the report so far, in two lines, as a request would have written it.
        if (!conversation.humanRequestedAt) await r.conversations.setSummary(id, handoverSummary(this.catalog.desk, state));
        writer.outbound({ text: this.say('agent_joined', lang, agent.displayName) }, { lang });
        await r.console.audit.record({ actorId: agent.id, action: 'claimed', subject: `conversation:${id}`, data: {}, at: now });
        await r.notify({ type: 'queue', id });
      },
      { ownerOnly: false },
    );
  }

  async reply(agent: Agent, id: string, text: string): Promise<number> {
    const body = this.text(text);
    return this.write(agent, id, async (r, conversation, writer, now) => {
      const state = readState(conversation.state);
      writer.outbound({ text: body }, { lang: state.lang, sender: 'agent', agentId: agent.id });
      for (const ticketId of await r.console.tickets.unanswered(id)) {
        await r.console.tickets.apply(ticketId, { respondedAt: now }, { kind: 'first_response', data: {} }, agent.id, now);
        await r.notify({ type: 'ticket', id: ticketId });
      }
    });
  }

  async note(agent: Agent, id: string, text: string): Promise<number> {
    const body = this.text(text);
    this.require(agent, 'conversations.take');
    return this.write(agent, id, async (_r, _c, writer) => writer.note(body, agent.id), { ownerOnly: false });
  }

  /** Passes the conversation to a colleague; the teacher is told who answers now. */
  async transfer(agent: Agent, id: string, toAgentId: string): Promise<void> {
    await this.write(
      agent,
      id,
      async (r, conversation, writer, now) => {
        if (conversation.agentId === null || !mayAct(agent, conversation.agentId)) {
          throw new Forbidden('not_owner', 'only the agent handling this conversation, or a supervisor, can transfer it (claim it first)');
        }
        const target = await r.console.agents.get(toAgentId);
        if (!target?.active || !can(target, 'conversations.take'))
          throw new Conflict('invalid_agent', 'that colleague cannot take conversations');
        if (!(await r.console.queue.transfer(id, conversation.agentId, target.id)))
          throw new Conflict('changed', 'the conversation changed hands meanwhile; reload it');
        if (target.id !== conversation.agentId) {
          const lang = readState(conversation.state).lang;
          writer.outbound({ text: this.say('agent_transferred', lang, target.displayName) }, { lang });
        }
        await r.console.audit.record({
          actorId: agent.id,
          action: 'transferred',
          subject: `conversation:${id}`,
          data: { from: conversation.agentId, to: target.id },
          at: now,
        });
        await r.notify({ type: 'queue', id });
      },
      { ownerOnly: false },
    );
  }

  /**
   * Back to the bot: it tells the user and starts clean from its main menu. The owner does it, or
   * a supervisor (who may also dismiss a request nobody claimed).
   */
  async release(agent: Agent, id: string): Promise<void> {
    await this.write(
      agent,
      id,
      async (r, conversation, writer, now) => {
        if (!mayAct(agent, conversation.agentId))
          throw new Forbidden('not_owner', 'only the agent handling this conversation, or a supervisor, can hand it back');
        await r.console.queue.release(id);
        const result = handleInput(this.catalog.flowSet, readState(conversation.state), { kind: 'handback' }, now);
        for (const reply of result.replies) writer.outbound(reply, { lang: result.state.lang });
        await r.console.audit.record({ actorId: agent.id, action: 'handed_back', subject: `conversation:${id}`, data: {}, at: now });
        await r.notify({ type: 'queue', id });
        return result.state;
      },
      { ownerOnly: false },
    );
  }

  /**
   * The agent has seen the replies that could not be delivered (the conversation leaves the queue
   * unless someone asked for a human); the transcript keeps marking them as not delivered.
   */
  async reviewUndelivered(agent: Agent, id: string): Promise<number> {
    this.require(agent, 'conversations.take');
    const now = this.clock();
    return this.store.transaction(async (r) => {
      await lock(r, id);
      const reviewed = await r.outbox.markReviewed(id, agent.id, now);
      if (reviewed > 0) {
        await r.console.audit.record({
          actorId: agent.id,
          action: 'undelivered_reviewed',
          subject: `conversation:${id}`,
          data: { messages: reviewed },
          at: now,
        });
        await r.notify({ type: 'queue', id });
      }
      return reviewed;
    });
  }

  /** A notice from the flows' texts (settings.yaml), naming the agent. */
  private say(id: 'agent_joined' | 'agent_transferred', lang: Lang, agentName: string): string {
    const text = this.catalog.flowSet.settings.texts[id];
    return text ? render(text, lang, { agent: agentName }) : '';
  }

  private text(text: string): string {
    const body = text.trim();
    if (!body) throw new Conflict('empty', 'the message is empty');
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the cap counts code points (an emoji is one, not two UTF-16 units); splitting combined emoji cannot matter to a length check
    if ([...body].length > MAX_AGENT_TEXT) throw new Conflict('too_long', `at most ${MAX_AGENT_TEXT} characters`);
    return body;
  }

  private require(agent: Agent, permission: Permission): void {
    requirePermission(agent, permission);
  }

  /** Runs a write on a locked conversation the agent may act in, then flushes and wakes the sender. */
  private async write(
    agent: Agent,
    id: string,
    work: (r: Repos, conversation: ConversationRecord, writer: ConversationWriter, now: Date) => Promise<unknown>,
    options: { ownerOnly?: boolean } = {},
  ): Promise<number> {
    const now = this.clock();
    const conversation = await this.store.transaction(async (r) => {
      const c = await lock(r, id);
      if ((options.ownerOnly ?? true) && (c.agentId === null || !mayAct(agent, c.agentId))) {
        throw new Forbidden('not_owner', 'claim the conversation before writing to the user');
      }
      const writer = new ConversationWriter(r, c, this.pushChannels.has(c.channel), now);
      const state = await work(r, c, writer, now);
      await writer.flush(state === undefined ? {} : { state });
      return { channel: c.channel, seq: writer.lastSeq };
    });
    this.wake(conversation.channel);
    return conversation.seq;
  }
}

/** Takes a conversation's lock by its id. */
async function lock(r: Repos, id: string): Promise<ConversationRecord> {
  const found = await r.conversations.get(id);
  if (!found) throw new NotFound('no such conversation');
  const locked = await r.conversations.lock(found.channel, found.externalKey);
  if (!locked) throw new NotFound('no such conversation');
  return locked;
}
