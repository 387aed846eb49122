import type { Permission } from '../app/permissions.js';
import type { Severity, WarrantyDecision } from '../domain/contract.js';
import type { Lang, LocalText } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import type { ProblemReport, Status } from '../domain/ticket-life.js';
import type { consoleRules } from '../app/console-meta.js';
import type { ConversationView as TakeoverView } from '../app/takeover.js';
import type { TicketListItem, TicketView } from '../app/ticket-service.js';
import type { InspectionSummaryView, InspectionView } from '../app/inspections/view.js';
import type { StoreEvent } from '../storage/events.js';
import type { Agent, QueueEntry, Role } from '../ports/console-store.js';
import type { FactKey } from '../domain/facts.js';
import type { FactSource, ReportSummary } from '../domain/triage-record.js';

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

export type { FactKey, FactSource, ReportSummary };
export type { Agent, Lang, LocalText, Permission, ProblemReport, Role, Severity, Status, WarrantyDecision, ChannelName };
export type Queued = Wire<QueueEntry>;
export type Summary = Wire<TicketListItem>;
export type Detail = Wire<TicketView>;
export type ReportField = Exclude<keyof ProblemReport, 'replacedParts'>;

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

/**
 * The rules and words the console takes from the server (GET /api/console/meta), generated there
 * from the domain (src/app/console-meta.ts): nothing of this is written down in the page.
 */
export type ConsoleMeta = Wire<ReturnType<typeof consoleRules>> & {
  readonly timeZone: string;
  readonly contracts: readonly {
    readonly id: string;
    readonly name: LocalText;
    readonly severity: Readonly<Record<Severity, { readonly name: LocalText }>>;
  }[];
  readonly sites: readonly { readonly id: string; readonly label: string }[];
  readonly warranty: Readonly<Record<string, LocalText>>;
  readonly devices: Readonly<Record<string, LocalText>>;
};

/** A change the server announces on the event stream. */
export interface Change {
  /** The server's kinds of change, and the page's own 'refresh' (the stream was down: anything may have changed). */
  readonly type: StoreEvent['type'] | 'refresh';
  readonly id: string;
}
export type InspectionRow = Wire<InspectionSummaryView>;
export type InspectionPage = Wire<InspectionView>;
