import type { AssetRepos } from './assets.js';
import type { ReportSummary, TicketTriage } from '../domain/triage-record.js';
import type { AssetFacts } from '../domain/asset.js';
import type { ConsoleRepos } from './console-store.js';
import type { AlertsRepo, RosterRepo, StaffRepo } from './operations.js';
import type { SurveysRepo } from './surveys.js';
import type { InspectionsRepo } from './inspections.js';
import type { SatisfactionReportRepo } from './satisfaction-report.js';
import type { ReturnVisitsRepo } from './return-visits.js';
import type { ReportsRepo } from './reports.js';
import type { AttemptsRepo } from './attempts.js';
import type { ContactLinksRepo } from './contact-links.js';
import type { OutboxPayload, OutboxRepo } from './outbox.js';
import type { WebchatRepo } from './webchat.js';
import type { TicketTimes } from './ticket-times.js';
import type { Severity, WarrantyDecision } from '../domain/contract.js';
import type { Lang, LocalText } from '../domain/i18n.js';
import type { ChannelName, InboundMessage, PhotoRefusal } from '../domain/messages.js';
import type { PhotoQuota } from '../domain/photo-quota.js';
import type { Reason } from '../domain/reason.js';

/** Ports: what the application needs from storage. src/storage implements them with drizzle. */

export interface Place {
  readonly id: string;
  readonly label: string;
  /** Other names it goes by (an English name), for reading typed places; only lists of places carry them. */
  readonly aliases?: readonly string[];
}

export interface AssetRecord {
  readonly id: string;
  readonly tag: string;
  readonly kind: AssetFacts['kind'];
  readonly model: string | null;
  readonly contractId: string;
  readonly acceptedAt: string;
  readonly warrantyMonths: number | null;
  readonly replacedParts: readonly { part: string; replacedAt: string }[];
  readonly site: Place;
  readonly room: Place | null;
}

export interface PlacesRepo {
  listSites(): Promise<Place[]>;
  listRooms(siteId: string): Promise<Place[]>;
  listAssetsInRoom(roomId: string): Promise<AssetRecord[]>; // those teachers are offered: retired ones are not
  findAssetByTag(tag: string): Promise<AssetRecord | null>; // any case; a retired asset's tag answers as unknown
  getAsset(id: string): Promise<AssetRecord | null>;
  siteContract(siteId: string): Promise<string | null>;
  /**
   * Every site with its contract and the first acceptance date of its assets ("YYYY-MM-DD"; null
   * with no assets): the anchor of its return visits and inspections.
   */
  afterServiceSites(): Promise<AfterServiceSite[]>;
}

export interface AfterServiceSite {
  readonly id: string;
  readonly name: string;
  readonly contractId: string;
  readonly firstAcceptedOn: string | null;
}

export interface ContactRecord {
  /** Empty for an anonymous sender (see `anonymous`): no contact is stored for them. */
  readonly id: string;
  /** An anonymous group member (InboundMessage.anonymous): personal actions do nothing for them. */
  readonly anonymous?: true;
  /** The linked chat of an active staff account (an engineer's own chat): their buttons, notes and location are staff work. */
  readonly staff?: true;
  readonly name: string | null;
  readonly phone: string | null;
  readonly lang: Lang;
  readonly site: Place | null;
  readonly room: Place | null;
}

export interface ContactsRepo {
  /** The contact behind a channel identity, if there is one (reads only). */
  find(channel: ChannelName, userId: string): Promise<ContactRecord | null>;
  /** The contact behind a channel identity, created on first contact. */
  identify(channel: ChannelName, userId: string, displayName: string | undefined, lang: Lang): Promise<ContactRecord>;
  get(id: string): Promise<ContactRecord | null>;
  updateProfile(id: string, profile: { name?: string; siteId?: string; roomId?: string; lang?: Lang }): Promise<void>;
  /** Another contact with this phone number (the same person on another channel), if any. */
  findByPhone(phone: string, except: string): Promise<string | null>;
  setPhone(id: string, phone: string): Promise<void>;
  /**
   * Makes `from` and `into` one person: identities, conversations and tickets of `from` move to
   * `into`, which keeps its own name and place where it has them; `from` is deleted.
   */
  merge(from: string, into: string): Promise<void>;
  /**
   * A contact without any channel identity (who reported as an anonymous group member, or the
   * contact of a group chat that began anonymously): nobody's "my tickets" reaches it.
   */
  createUnlinked(lang: Lang, name?: string): Promise<string>;
}

export interface ConversationRecord {
  readonly id: string;
  readonly channel: ChannelName;
  readonly externalKey: string;
  readonly contactId: string;
  readonly state: unknown;
  readonly mode: 'bot' | 'human';
  /** The agent handling it while a human owns it. */
  readonly agentId: string | null;
  readonly lastSeq: number;
  readonly humanRequestedAt: Date | null;
  readonly blockedAt: Date | null;
}

export interface ConversationsRepo {
  /**
   * Locks the conversation's row for the rest of the transaction (one writer at a time, across
   * instances) and returns its latest state, or null when it does not exist yet.
   */
  lock(channel: ChannelName, externalKey: string): Promise<ConversationRecord | null>;
  /** Creates the conversation, or returns it if another transaction just did (not locked). */
  create(channel: ChannelName, externalKey: string, contactId: string, initialState: unknown): Promise<ConversationRecord>;
  get(id: string): Promise<ConversationRecord | null>;
  requestHuman(id: string, at: Date): Promise<void>;
  /** The report in two lines for the agent (written when the conversation is handed to a human). */
  setSummary(id: string, summary: ReportSummary | null): Promise<void>;
  /** The user no longer waits for a human: the request goes (not once an agent holds the conversation). */
  withdrawHuman(id: string): Promise<boolean>;
  setBlocked(id: string, blockedAt: Date | null): Promise<void>;
}

export interface StoredInbound {
  readonly id: number;
  readonly message: InboundMessage;
}

/** An event as it is recorded; `rejected` says why it cannot be used (kept, never processed). */
export type Recording = InboundMessage & { readonly rejected?: string };

export interface InboundRepo {
  /** Records several events in one statement; for each, its id or null for one recorded before (same channel and external id). */
  recordAll(messages: readonly Recording[]): Promise<(number | null)[]>;
  /** Unprocessed events of one conversation, oldest first. */
  pending(channel: ChannelName, conversationKey: string): Promise<StoredInbound[]>;
  /** Replaces the stored message (a photo once it has been fetched and stored). */
  updateMessage(id: number, message: InboundMessage): Promise<void>;
  /** Counts a failed attempt at the events; returns the highest attempt count among them. */
  markFailed(ids: readonly number[], error: string): Promise<number>;
  /** Conversations with events left unprocessed since before `before` (a crash, another instance). */
  stalled(before: Date, limit: number): Promise<{ channel: ChannelName; conversationKey: string }[]>;
}

export interface TranscriptEntry {
  readonly seq: number;
  readonly direction: 'in' | 'out' | 'note';
  readonly sender: 'user' | 'bot' | 'agent' | 'system';
  readonly kind: string;
  readonly text: string;
  readonly choices: readonly { id: string; label: string }[] | null;
  readonly attachmentId: string | null;
  readonly inboundEventId: number | null;
  readonly createdAt: Date;
  /** The agent who wrote it (agent replies and notes). */
  readonly agentId?: string | null;
}

export interface MessagesRepo {
  after(conversationId: string, seq: number, limit: number): Promise<TranscriptEntry[]>;
  /** The newest bot message that offered choices, to read a pressed button's label. */
  lastWithChoices(conversationId: string): Promise<TranscriptEntry | null>;
  /** The label of a button the bot offered in this conversation (the newest message offering that id), or null. */
  offeredLabel(conversationId: string, choiceId: string): Promise<string | null>;
  /** The newest message to the user (from the bot or an agent), or null. */
  lastOutbound(conversationId: string): Promise<TranscriptEntry | null>;
  /** When the user last wrote (their newest message in, whatever it was), or null when they never did. */
  lastInboundAt(conversationId: string): Promise<Date | null>;
}

export interface TicketRecord extends TicketTimes {
  readonly id: string;
  readonly number: string;
  readonly reporterId: string;
  readonly contractId: string;
  readonly description: string;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly reasons: readonly Reason[];
  readonly status: string;
  readonly engineerName: string | null;
  readonly appointmentAt: Date | null;
  readonly asset: { readonly tag: string; readonly kind: string } | null;
  readonly place: string | null;
}

export interface NewTicket {
  readonly reporterId: string;
  /** The chat it was reported in (null: opened from an inspection filled in the console). */
  readonly conversationId: string | null;
  readonly assetId: string | null;
  readonly siteId: string | null;
  readonly roomId: string | null;
  readonly contractId: string;
  readonly description: string;
  readonly facts: Record<string, unknown>;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly reasons: readonly Reason[];
  readonly reportedAt: Date;
  readonly responseDueAt: Date;
  readonly onSiteDueAt: Date | null;
  readonly repairDueAt: Date | null;
  readonly loanerDueAt: Date | null;
  readonly attachmentIds: readonly string[];
  /** How the facts were found (origins, summary, the LLM call), when the report flow tells. */
  readonly triage?: TicketTriage | null;
  /** Ticket number parts: the prefix and the year the report was made in (contract time zone). */
  readonly numberPrefix: string;
  readonly year: number;
}

export interface EscalationCandidate {
  readonly id: string;
  readonly contractId: string;
  readonly severity: Severity;
  readonly severitySince: Date;
}

export interface TicketsRepo {
  /** Creates the ticket with the next number of its year and its first event. */
  create(ticket: NewTicket, actor: string): Promise<{ id: string; number: string }>;
  listByReporter(contactId: string, limit: number): Promise<TicketRecord[]>;
  findByNumberForReporter(number: string, contactId: string): Promise<TicketRecord | null>;
  findByNumber(number: string): Promise<TicketRecord | null>;
  /** The newest ticket on the asset whose status is one of `statuses`. */
  newestOnAsset(assetId: string, statuses: readonly string[]): Promise<TicketRecord | null>;
  /** Files the attachments (photos the reporter sent) with the ticket. */
  attach(ticketId: string, attachmentIds: readonly string[]): Promise<void>;
  /** Unresolved tickets at a level that can still rise, whose level began before `before`. */
  escalationCandidates(before: Date, limit: number): Promise<EscalationCandidate[]>;
  /** Raises the severity if it is still `from` (another instance may have done it); logs the event. */
  escalate(id: string, from: Severity, to: Severity, at: Date, reason: Reason): Promise<boolean>;
}

export interface AttachmentsRepo {
  create(a: { conversationId: string | null; mime: string; size: number; sha256: string; storageKey: string }): Promise<string>;
  get(id: string): Promise<{ storageKey: string; mime: string } | null>;
  /** Bytes of photos kept for the chat's conversation and in all, and that conversation's id (null before its first turn). */
  usage(
    channel: ChannelName,
    conversationKey: string,
  ): Promise<{ readonly conversationId: string | null; readonly conversation: number; readonly total: number }>;
  /**
   * Records a photo of the chat's conversation if it fits the quota, checked and recorded as one
   * step (parallel photos take turns); otherwise which limit it would pass.
   */
  createWithin(
    a: { channel: ChannelName; conversationKey: string; mime: string; size: number; sha256: string; storageKey: string },
    quota: PhotoQuota,
  ): Promise<{ readonly id: string } | { readonly refused: PhotoRefusal }>;
}

/** A whole turn of a conversation, written at once. */
export interface TurnRecord {
  readonly conversationId: string;
  readonly channel: ChannelName;
  readonly at: Date;
  readonly entries: readonly (Omit<TranscriptEntry, 'createdAt'> & { agentId?: string | null })[];
  /** Replies to queue for the channel, by the seq of their transcript entry; sent no earlier than `notBefore` when given. */
  readonly outbox: readonly { seq: number; payload: OutboxPayload; notBefore?: Date }[];
  /** Set when the replies cannot be delivered (the user blocked the bot): queued as failed, with this reason. */
  readonly undeliverable?: string;
  readonly state: unknown;
  readonly lastSeq: number;
  readonly blockedAt: Date | null;
  /** The events this turn handled: marked processed unless another turn did it first. */
  readonly processedIds: readonly number[];
  /**
   * For a turn taken without the lock: write only if the conversation is still at this sequence
   * number (every write moves it); otherwise nothing is written and `commit` answers -1.
   */
  readonly expectedSeq?: number;
  /** The contact's language, when the user switched it. */
  readonly contactLang?: { readonly contactId: string; readonly lang: Lang };
}

export interface OpenedTurn {
  readonly conversation: ConversationRecord | null;
  /** The conversation's contact (the person of a one-to-one chat), loaded with it. */
  readonly contact: ContactRecord | null;
  readonly pending: StoredInbound[];
}

/** A turn's hot path: a conversation locked and loaded, and a turn written, each in one statement. */
export interface TurnsRepo {
  /**
   * Loads the conversation, its contact and its waiting events (oldest first); with `lock`, also
   * locks the conversation for the rest of the transaction.
   */
  open(channel: ChannelName, externalKey: string, options?: { lock?: boolean }): Promise<OpenedTurn>;
  /**
   * Writes the turn and notifies every instance; returns how many of its events it marked
   * processed, or -1 when `expectedSeq` no longer held (nothing written).
   */
  commit(turn: TurnRecord): Promise<number>;
}

/** The repositories bound to one transaction. */
export interface Repos {
  readonly places: PlacesRepo;
  readonly contacts: ContactsRepo;
  readonly conversations: ConversationsRepo;
  readonly inbound: InboundRepo;
  readonly messages: MessagesRepo;
  readonly outbox: OutboxRepo;
  readonly tickets: TicketsRepo;
  readonly attachments: AttachmentsRepo;
  readonly webchat: WebchatRepo;
  readonly links: ContactLinksRepo;
  readonly attempts: AttemptsRepo;
  /** Staff accounts' own chats (engineers work from chat). */
  readonly staff: StaffRepo;
  /** The on-duty roster and the declared major events. */
  readonly roster: RosterRepo;
  /** Scheduled work, sent once: a ticket's warnings, breaches, raises and survey; a site's visits and inspection notices. */
  readonly alerts: AlertsRepo;
  readonly surveys: SurveysRepo; // satisfaction surveys of solved tickets
  /** Site inspections (巡检) planned from the contracts and filled in by the engineers. */
  readonly inspections: InspectionsRepo;
  readonly satisfactionReport: SatisfactionReportRepo; // the yearly satisfaction analysis' reads
  readonly returnVisits: ReturnVisitsRepo; // return visits (回访) to the sites' contact teachers
  readonly reports: ReportsRepo; // the console's reports' reads
  /** The asset register: imports, the register's lists and edits, devices teachers reported that it lacks. */
  readonly assets: AssetRepos;
  readonly console: ConsoleRepos;
  readonly turns: TurnsRepo;
  /** Tells every instance (after commit) that a conversation changed. */
  notifyConversation(conversationId: string, lastSeq: number): Promise<void>;
  /** Tells every instance (after commit) of a change the console shows. */
  notify(
    event: { type: 'queue'; id: string } | { type: 'ticket'; id: string } | { type: 'inspection'; id: string } | { type: 'places' },
  ): Promise<void>;
}

/**
 * What the work of transactionOrRollback decided: keep what it wrote, or undo all of it. Its value
 * is returned either way.
 */
export type Decided<T> = { readonly keep: true; readonly value: T } | { readonly keep: false; readonly value: T };

/** Runs work in one transaction: all of it is written, or none. */
export interface Store {
  /** All of it is written if the work returns, none if it throws. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * The same, for work that may find it must not write after all (another transaction did it
   * first): it returns { keep: false }, and what it wrote is rolled back, without an error.
   */
  transactionOrRollback<T>(work: (repos: Repos) => Promise<Decided<T>>): Promise<T>;
  /** Outside a transaction, for reads. */
  readonly read: Repos;
  /**
   * Where webhooks record their events (connections of its own; concurrent requests are written
   * together): for each event, its id, or null for a repeat.
   */
  readonly ingest: { record(messages: readonly Recording[]): Promise<(number | null)[]> };
}

export type { LocalText };
