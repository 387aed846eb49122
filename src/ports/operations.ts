import type { ChannelName } from '../domain/messages.js';
import type { LocalText } from '../domain/i18n.js';
import type { Agent } from './console-store.js';

/** Ports of contract operations (issue 14): staff chats, the on-duty roster and events, scheduled alerts. */

/** A staff member's own chat on Telegram or LINE, where tickets and warnings reach them. */
export interface StaffChat {
  readonly conversationId: string;
  readonly channel: ChannelName;
  readonly externalKey: string;
}

export interface StaffRepo {
  /** The active staff account whose linked chat contact this is (an engineer writing to the bot), or null. */
  byContact(contactId: string): Promise<Agent | null>;
  /** Makes the contact the account's chat (replacing its earlier one; another account that had it loses it). */
  linkChat(agentId: string, contactId: string): Promise<void>;
  unlinkChat(agentId: string): Promise<void>;
  /** Gives out a one-time code for the account, replacing its unused one; false when the code is taken. */
  issueCode(agentId: string, code: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** Where to write to the account: its linked contact's most recent conversation on one of `channels`. */
  chatOf(agentId: string, channels: readonly ChannelName[]): Promise<StaffChat | null>;
  /** Whether the account has a linked chat, and on which channel (for the console). */
  chatChannel(agentId: string): Promise<ChannelName | null>;
  /** Active coordinators (clause 5.27's customer-service manager): told of every warning. */
  coordinators(): Promise<Agent[]>;
}

export interface DutyShift {
  readonly id: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly role: Agent['role'];
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly note: string | null;
}

export interface MajorEvent {
  readonly id: string;
  readonly name: string;
  /** Null: every site. */
  readonly siteId: string | null;
  readonly siteName: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly cancelledAt: Date | null;
}

export interface RosterRepo {
  /** Shifts overlapping [from, to), earliest first. */
  shifts(from: Date, to: Date): Promise<DutyShift[]>;
  addShift(shift: { agentId: string; startsAt: Date; endsAt: Date; note: string | null; createdBy: string }): Promise<DutyShift>;
  removeShift(id: string): Promise<boolean>;
  /** Active staff on duty at `at` (their shift covers it). */
  onDuty(at: Date): Promise<Agent[]>;
  /** Events (cancelled ones too) overlapping [from, to), earliest first. */
  events(from: Date, to: Date): Promise<MajorEvent[]>;
  declareEvent(event: { name: string; siteId: string | null; startsAt: Date; endsAt: Date; createdBy: string }): Promise<MajorEvent>;
  cancelEvent(id: string, at: Date): Promise<boolean>;
  /** The event in force at `at` at the site (or at every site), if any; the earliest declared first. */
  activeEvent(siteId: string | null, at: Date): Promise<MajorEvent | null>;
}

/** A row of scheduled work (ticket_alerts) on a ticket or, ticket null, on a site: sent once, by one instance. */
export interface TicketAlert {
  readonly id: number;
  readonly ticketId: string | null;
  /** Unique per ticket: "clock:onSite:75:<due ISO>", "unassigned:A", "raised:A"; among site work: "visit:<site>:<date>". */
  readonly key: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
  readonly at: Date;
  readonly attempts: number;
}

/** A sent alert as the console lists it. */
export interface SentAlert {
  readonly id: number;
  readonly ticketId: string;
  readonly number: string;
  readonly kind: string;
  readonly text: LocalText | null;
  readonly sentAt: Date;
}

export interface AlertsRepo {
  /**
   * Makes the ticket's pending rows of these kinds exactly `wanted`: missing ones are added, pending
   * ones no longer wanted are cancelled; sent and cancelled rows are never touched (sent once).
   */
  sync(
    ticketId: string,
    kinds: readonly string[],
    wanted: readonly { key: string; kind: string; at: Date; data: Record<string, unknown> }[],
  ): Promise<void>;
  /** Adds one row unless the ticket already has it (any status). */
  add(ticketId: string, alert: { key: string; kind: string; at: Date; data: Record<string, unknown> }): Promise<boolean>;
  /** Adds one row of site work (no ticket) unless one with its key exists (any status). */
  addSiteWork(alert: { key: string; kind: string; at: Date; data: Record<string, unknown> }): Promise<boolean>;
  /** A claimed row that came too early or late for its window: pending again, due at `at`, its attempt not counted. */
  postpone(id: number, at: Date): Promise<void>;
  /** Pending rows due by `now` whose lease is free, leased until `leaseUntil` (FOR UPDATE SKIP LOCKED). */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<TicketAlert[]>;
  /**
   * Locks a claimed row for the rest of the transaction; false when it is no longer pending under
   * this lease (sent or cancelled meanwhile, or its lease ran out and another instance took it).
   */
  hold(id: number, leaseUntil: Date): Promise<boolean>;
  /** Sent: to whom (agent ids) and the line the console lists it by, kept in its data. */
  markSent(id: number, at: Date, sent?: { readonly to: readonly string[]; readonly text: LocalText }): Promise<void>;
  /** The latest sent rows, newest first, with their ticket's number; only those sent to `agentId` when given. */
  /** The latest sent rows of these kinds (to the agent, when given), newest first. */
  recent(options: { readonly agentId?: string; readonly kinds: readonly string[]; readonly limit: number }): Promise<SentAlert[]>;
  cancel(id: number): Promise<void>;
  /** A failed attempt: tried again at `retryAt`. */
  retry(id: number, error: string, retryAt: Date): Promise<void>;
}
