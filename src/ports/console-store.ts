import type { Severity, WarrantyDecision } from '../domain/contract.js';
import type { Lang } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import type { Reason } from '../domain/reason.js';
import type { ProblemReport, Status, TicketState } from '../domain/ticket-life.js';
import type { FactCorrection, LlmCallRecord, ReportSummary, TicketTriage } from '../domain/triage-record.js';
import type { TicketTimes } from './ticket-times.js';
import type { LlmCallsRepo } from './llm-calls.js';

/** Ports of the agent console: what it needs from storage, beside the ports of turns and the background work. */

export const ROLES = ['agent', 'engineer', 'coordinator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Agent {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly lang: Lang;
  readonly active: boolean;
}

/** An agent's fields an admin may change (undefined: unchanged). */
export interface AgentFieldsChange {
  readonly displayName?: string | undefined;
  readonly role?: Role | undefined;
  readonly lang?: Lang | undefined;
  readonly active?: boolean | undefined;
  readonly passwordHash?: string;
}

export interface AgentsRepo {
  list(): Promise<Agent[]>;
  get(id: string): Promise<Agent | null>;
  /** With the password hash, for signing in. */
  byUsername(username: string): Promise<(Agent & { passwordHash: string }) | null>;
  create(agent: { username: string; displayName: string; role: Role; lang: Lang; passwordHash: string }): Promise<Agent | null>;
  /** Changes the fields given; a field that is absent or undefined is kept. */
  update(id: string, change: AgentFieldsChange): Promise<Agent | null>;
  /** Agents with a live console session seen since `since`. */
  online(since: Date): Promise<number>;
}

export interface SessionRecord {
  readonly agentId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

export interface SessionsRepo {
  create(session: {
    idHash: string;
    agentId: string;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    address: string | null;
    userAgent: string | null;
  }): Promise<void>;
  get(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, now: Date): Promise<void>;
  end(idHash: string, now: Date): Promise<void>;
  /** Ends every session of an agent (deactivated, password changed). */
  endAll(agentId: string, now: Date): Promise<void>;
}

export interface AuditRepo {
  record(entry: { actorId: string | null; action: string; subject: string; data: Record<string, unknown>; at: Date }): Promise<void>;
}

/** A conversation as the console lists it. */
export interface QueueEntry {
  readonly id: string;
  readonly channel: ChannelName;
  readonly mode: 'bot' | 'human';
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly contactName: string | null;
  readonly humanRequestedAt: Date | null;
  readonly lastMessageAt: Date | null;
  /** When it last moved: its last message, or when it began (the order of the list of conversations). */
  readonly activityAt: Date;
  /** The previewed message's words for a person (a photo: "[照片]"; see app/transcript.ts); null: none yet. */
  readonly lastText: string | null;
  /**
   * The message the list previews, as stored: for a conversation waiting for a human or held by
   * one, the teacher's newest message; for any other, the last message (not a note).
   */
  readonly lastMessage: {
    readonly direction: 'in' | 'out';
    readonly kind: string;
    readonly text: string;
    readonly attachmentId: string | null;
  } | null;
  readonly lang: Lang;
  /** The state of the flow the user is in (what the bot collected so far). */
  readonly state: unknown;
  /** The most recent open ticket of the conversation, if any. */
  readonly ticket: {
    readonly id: string;
    readonly number: string;
    readonly contractId: string;
    readonly severity: Severity;
    readonly status: string;
  } | null;
  /** Replies that could not be delivered and no agent has seen yet. */
  readonly undelivered: number;
  /** The report in two lines, written when the conversation was handed to a human (null: none). */
  readonly summary: ReportSummary | null;
}

/** A page of the list of all conversations (any state), newest activity first. */
export interface ConversationSearch {
  /** Only conversations active since then; null: all. */
  readonly since: Date | null;
  /** Words in the contact's name or phone, a ticket's number or asset tag, or a message. */
  readonly query?: string;
  /** Continue after this one (its activity time and id, from the previous page). */
  readonly after?: { readonly at: Date; readonly id: string };
  readonly limit: number;
}

export interface ConsoleConversationsRepo {
  /** Waiting for a human, owned by one, or with replies no agent has seen fail: the console's queue. */
  queue(): Promise<QueueEntry[]>;
  entry(id: string): Promise<QueueEntry | null>;
  /** Conversations in any state, newest activity first (see ConversationSearch). */
  list(search: ConversationSearch): Promise<QueueEntry[]>;
  /** Takes the conversation for the agent if nobody owns it; false when someone does. */
  claim(id: string, agentId: string, at: Date): Promise<boolean>;
  /** Moves ownership from one agent to another (only if `from` still owns it). */
  transfer(id: string, from: string | null, to: string): Promise<boolean>;
  /** Back to the bot: no owner, no pending request. */
  release(id: string): Promise<boolean>;
}

export interface TicketFilters {
  readonly status?: Status;
  readonly severity?: Severity;
  readonly contractId?: string;
  readonly siteId?: string;
  readonly assigneeId?: string;
  readonly engineerId?: string;
  readonly open?: boolean;
  readonly query?: string;
  readonly limit: number;
}

export interface TicketSummary extends TicketTimes {
  readonly id: string;
  readonly number: string;
  readonly status: Status;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly contractId: string;
  readonly site: string | null;
  readonly room: string | null;
  readonly asset: { readonly tag: string; readonly kind: string } | null;
  readonly reporterName: string | null;
  readonly description: string;
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly engineerName: string | null;
  readonly appointmentAt: Date | null;
  readonly closedAt: Date | null;
  readonly updatedAt: Date;
}

export interface TicketDetail extends TicketSummary {
  readonly billable: boolean;
  readonly reasons: readonly Reason[];
  readonly facts: Record<string, unknown>;
  readonly report: ProblemReport | null;
  readonly conversationId: string | null;
  readonly assetId: string | null;
  readonly reporterId: string;
  readonly engineerId: string | null;
  readonly severitySince: Date;
  readonly severityOverridden: boolean;
  readonly warrantyOverridden: boolean;
  readonly attachments: readonly { readonly id: string; readonly mime: string }[];
  readonly events: readonly {
    readonly at: Date;
    readonly kind: string;
    readonly actor: string;
    readonly actorName: string | null;
    readonly data: Record<string, unknown>;
  }[];
  /** How the facts were found (null: a ticket from before the record was kept). */
  readonly triage: TicketTriage | null;
  /** The LLM call whose answer the triage used (null: none, or not stored). */
  readonly llmCall: LlmCallRecord | null;
  /** Agents' corrections of its facts, oldest first. */
  readonly corrections: readonly FactCorrectionView[];
}

/** A correction as the console shows it: with the agent's name. */
export interface FactCorrectionView extends FactCorrection {
  readonly agentName: string | null;
}

/** A ticket's facts and triage record, locked with the ticket for a correction. */
export interface TicketFactsState {
  readonly facts: Record<string, unknown>;
  readonly triage: TicketTriage | null;
  readonly description: string;
}

/** What a correction writes: the ticket's new facts and record, the correction row and the event. */
export interface FactCorrectionWrite {
  readonly facts: Record<string, unknown>;
  readonly triage: TicketTriage;
  readonly correction: Omit<FactCorrection, 'id' | 'ticketId'>;
}

export interface TicketAdminRepo {
  list(filters: TicketFilters): Promise<TicketSummary[]>;
  detail(id: string): Promise<TicketDetail | null>;
  /** The lifecycle's view of a ticket, locked for the rest of the transaction. */
  lockState(
    id: string,
  ): Promise<(TicketState & TicketFactsState & { updatedAt: Date; number: string; conversationId: string | null }) | null>;
  apply(
    id: string,
    changes: Record<string, unknown>,
    event: { kind: string; data: Record<string, unknown> },
    actor: string,
    at: Date,
  ): Promise<void>;
  assign(id: string, agentId: string | null, actor: string, at: Date): Promise<void>;
  /** Sets a fact an agent corrected: the ticket's facts and record, a fact_corrections row, a `fact_corrected` event. */
  correctFact(id: string, write: FactCorrectionWrite): Promise<void>;
  /** Open tickets of a conversation that have not had a human response yet. */
  unanswered(conversationId: string): Promise<string[]>;
  attachment(ticketId: string, attachmentId: string): Promise<{ storageKey: string; mime: string } | null>;
}

export interface ConsoleRepos {
  readonly agents: AgentsRepo;
  readonly sessions: SessionsRepo;
  readonly audit: AuditRepo;
  readonly queue: ConsoleConversationsRepo;
  readonly tickets: TicketAdminRepo;
  /** The LLM triage's stored calls (audit). */
  readonly llmCalls: LlmCallsRepo;
}
