import type { Permission } from '../app/permissions.js';
import type { Severity, WarrantyDecision } from '../domain/contract.js';
import type { Lang, LocalText } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import type { ProblemReport, Status } from '../domain/ticket-life.js';
import type { ConversationView as TakeoverView } from '../app/takeover.js';
import type { Agent, QueueEntry, Role, TicketDetail, TicketSummary } from '../ports/console-store.js';

/**
 * What the console's API answers, typed from the server's own types (type-only imports: a renamed
 * status or field breaks the console's type check, and no rule is copied into the page).
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;

export type { Agent, Lang, LocalText, Permission, ProblemReport, Role, Severity, Status, WarrantyDecision, ChannelName };
export type Queued = Wire<QueueEntry>;
export type Summary = Wire<TicketSummary>;
export type Detail = Wire<TicketDetail>;
export type ReportField = keyof ProblemReport;

export interface Session {
  readonly agent: Agent;
  readonly permissions: readonly Permission[];
  readonly csrfToken: string;
}

/** A conversation with its transcript, undelivered replies and tickets (GET /conversations/:id). */
export type ConversationView = Wire<TakeoverView>;
export type TranscriptLine = ConversationView['transcript'][number];
export type SideTicket = ConversationView['tickets'][number];

export interface CannedReply {
  readonly id: string;
  readonly title: LocalText;
  readonly text: LocalText;
}

/** The facts the bot collects whose values have labels (the others are yes/no or free text). */
export type LabelledFact = 'symptom' | 'cause' | 'scope' | 'accessory' | 'device';

/**
 * The rules and words the console takes from the server (GET /api/console/meta), generated there
 * from the domain: nothing of this is written down in the page.
 */
export interface ConsoleMeta {
  readonly timeZone: string;
  readonly contracts: readonly { readonly id: string; readonly name: LocalText; readonly severity: Readonly<Record<Severity, { readonly name: LocalText }>> }[];
  readonly sites: readonly { readonly id: string; readonly label: string }[];
  readonly statuses: readonly { readonly id: Status; readonly label: LocalText }[];
  /** Where a ticket may go from each status. */
  readonly transitions: Readonly<Record<Status, readonly Status[]>>;
  /** The moves an engineer may make on a ticket dispatched to them. */
  readonly engineerMoves: readonly Status[];
  /** Which statuses a ticket may be reopened from (with a reason), and where it goes (if it may). */
  readonly reopen?: { readonly from: readonly Status[]; readonly to: Status };
  readonly severities: readonly Severity[];
  readonly warranties: readonly WarrantyDecision[];
  readonly warranty: Readonly<Record<string, LocalText>>;
  readonly devices: Readonly<Record<string, LocalText>>;
  readonly facts: Readonly<Partial<Record<LabelledFact, Readonly<Record<string, LocalText>>>>>;
  readonly roles: readonly Role[];
  readonly permissions: Readonly<Record<Role, readonly Permission[]>>;
  readonly languages: readonly Lang[];
  readonly reportFields: readonly ReportField[];
}

/** A change the server announces on the event stream. */
export interface Change {
  readonly type: 'queue' | 'conversation' | 'ticket' | string;
  readonly id: string;
}
