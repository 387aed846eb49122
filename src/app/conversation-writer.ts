import type { Lang } from '../domain/i18n.js';
import type { InboundMessage } from '../domain/messages.js';
import type { Reply } from '../flows/input.js';
import type { ConversationRecord, Repos, TranscriptEntry, TurnRecord } from '../ports/store.js';
import type { OutboxPayload } from '../ports/outbox.js';

type Entry = Omit<TranscriptEntry, 'createdAt'> & { agentId?: string | null };

/**
 * Everything written to one conversation in one transaction (its lock held): transcript entries
 * numbered in order, replies queued for push channels, then the state, the sequence number and a
 * notification for every instance — turns, agents' replies and ticket notices all use it.
 */
export class ConversationWriter {
  private seq: number;
  private readonly entries: Entry[] = [];
  private readonly outgoing: { seq: number; payload: OutboxPayload; notBefore?: Date }[] = [];

  constructor(
    private readonly repos: Repos,
    readonly conversation: ConversationRecord,
    readonly push: boolean,
    private readonly now: Date,
  ) {
    this.seq = conversation.lastSeq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** What the user sent; returns the entry, whose text may still be set (a pressed button's label). */
  inbound(entry: Omit<Entry, 'seq' | 'direction' | 'sender' | 'choices'>): { text: string } {
    const e = { ...entry, seq: ++this.seq, direction: 'in' as const, sender: 'user' as const, choices: null };
    this.entries.push(e);
    return e;
  }

  /**
   * A message to the user, from the bot or an agent; queued for the channel unless blocked. With
   * `notBefore` (a notice the desk starts itself, held for the teacher's quiet hours) the channel
   * sends it no earlier than then; the transcript has it at once.
   */
  outbound(
    reply: Reply,
    options: { lang: Lang; sender?: 'bot' | 'agent'; agentId?: string; answering?: InboundMessage; notBefore?: Date },
  ): void {
    const seq = ++this.seq;
    const held = options.notBefore && options.notBefore > this.now ? options.notBefore : null;
    this.entries.push({
      seq,
      direction: 'out',
      sender: options.sender ?? 'bot',
      kind: 'text',
      text: reply.text,
      choices: reply.choices ? [...reply.choices] : null,
      attachmentId: null,
      inboundEventId: null,
      agentId: options.agentId ?? null,
    });
    this.outgoing.push({
      seq,
      payload: {
        to: this.conversation.externalKey,
        lang: options.lang,
        text: reply.text,
        ...(reply.choices ? { choices: reply.choices } : {}),
        ...(reply.requestPhone ? { requestPhone: true } : {}),
        ...(options.answering?.replyToken ? { replyToken: options.answering.replyToken, replyTokenAt: options.answering.receivedAt } : {}),
        ...(held ? { heldUntil: held.toISOString() } : {}),
      },
      ...(held ? { notBefore: held } : {}),
    });
  }

  /** An agents' note: in the transcript, never sent. */
  note(text: string, agentId: string): void {
    this.entries.push({
      seq: ++this.seq,
      direction: 'note',
      sender: 'agent',
      kind: 'note',
      text,
      choices: null,
      attachmentId: null,
      inboundEventId: null,
      agentId,
    });
  }

  /**
   * Writes it all in one statement: the entries, the replies (queued, or recorded as undeliverable
   * while the user blocks the bot), the state and sequence number, the handled events, and a
   * notification for every instance. Returns how many of `processedIds` it marked processed.
   */
  async flush(
    options: {
      state?: unknown;
      blockedAt?: Date | null;
      processedIds?: readonly number[];
      expectedSeq?: number;
      contactLang?: TurnRecord['contactLang'];
    } = {},
  ): Promise<number> {
    const blockedAt = options.blockedAt === undefined ? this.conversation.blockedAt : options.blockedAt;
    return this.repos.turns.commit({
      conversationId: this.conversation.id,
      channel: this.conversation.channel,
      at: this.now,
      entries: this.entries,
      outbox: this.push ? this.outgoing : [],
      ...(blockedAt ? { undeliverable: 'not sent: the user blocked the bot' } : {}),
      state: options.state ?? this.conversation.state,
      lastSeq: this.seq,
      blockedAt,
      processedIds: options.processedIds ?? [],
      ...(options.expectedSeq === undefined ? {} : { expectedSeq: options.expectedSeq }),
      ...(options.contactLang ? { contactLang: options.contactLang } : {}),
    });
  }
}
