import type { Lang } from '../domain/i18n.js';
import type { ChannelName, InboundMessage } from '../domain/messages.js';
import type { Reply } from '../flows/input.js';
import type { ConversationRecord, OutboxPayload, Repos, TranscriptEntry } from './ports.js';

type Entry = Omit<TranscriptEntry, 'createdAt'> & { agentId?: string | null };

/**
 * Everything written to one conversation in one transaction (its lock held): transcript entries
 * numbered in order, replies queued for push channels, then the state, the sequence number and a
 * notification for every instance — the pipeline, agents' replies and ticket notices all use it.
 */
export class ConversationWriter {
  private seq: number;
  private readonly entries: Entry[] = [];
  private readonly outgoing: { seq: number; payload: OutboxPayload }[] = [];

  constructor(
    private readonly repos: Repos,
    readonly conversation: ConversationRecord,
    private readonly push: boolean,
    private readonly now: Date,
  ) {
    this.seq = conversation.lastSeq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** What the user sent. */
  inbound(entry: Omit<Entry, 'seq' | 'direction' | 'sender' | 'choices'>): void {
    this.entries.push({ ...entry, seq: ++this.seq, direction: 'in', sender: 'user', choices: null });
  }

  /** A message to the user, from the bot or an agent; queued for the channel unless blocked. */
  outbound(reply: Reply, options: { lang: Lang; sender?: 'bot' | 'agent'; agentId?: string; answering?: InboundMessage }): void {
    const seq = ++this.seq;
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
    const token = options.answering?.replyToken;
    this.outgoing.push({
      seq,
      payload: {
        to: this.conversation.externalKey,
        lang: options.lang,
        text: reply.text,
        ...(reply.choices ? { choices: reply.choices } : {}),
        ...(reply.requestPhone ? { requestPhone: true } : {}),
        ...(token ? { replyToken: token, replyTokenAt: options.answering!.receivedAt } : {}),
      },
    });
  }

  /** An agents' note: in the transcript, never sent. */
  note(text: string, agentId: string): void {
    this.entries.push({ seq: ++this.seq, direction: 'note', sender: 'agent', kind: 'note', text, choices: null, attachmentId: null, inboundEventId: null, agentId });
  }

  /** Writes it all; `state` replaces the conversation's state when given. */
  async flush(options: { state?: unknown; blocked?: boolean } = {}): Promise<number> {
    const ids = await this.repos.messages.append(this.conversation.id, this.entries, this.now);
    if (this.push && this.outgoing.length > 0) {
      const idBySeq = new Map(this.entries.map((e, i) => [e.seq, ids[i]!]));
      await this.repos.outbox.enqueue(
        this.outgoing.map(({ seq, payload }) => ({
          conversationId: this.conversation.id,
          channel: this.conversation.channel as ChannelName,
          messageId: idBySeq.get(seq)!,
          payload,
        })),
        this.now,
        options.blocked ? 'not sent: the user blocked the bot' : undefined,
      );
    }
    await this.repos.conversations.save(this.conversation.id, {
      state: options.state ?? this.conversation.state,
      lastSeq: this.seq,
      lastMessageAt: this.now,
    });
    await this.repos.notifyConversation(this.conversation.id, this.seq);
    return this.seq;
  }
}
