import type { Catalog } from '../../catalog/catalog.js';
import type { Clock } from '../../domain/clocks.js';
import type { Lang } from '../../domain/i18n.js';
import type { Reply } from '../../flows/input.js';
import type { Agent, TicketDetail } from '../../ports/console-store.js';
import type { TicketAlert } from '../../ports/operations.js';
import type { Repos } from '../../ports/store.js';

/**
 * Everything the desk tells its staff goes through ticket_alerts (one row, sent once, by one
 * instance): a dispatch to an engineer, a clock's warning or breach, an unassigned urgent ticket, a
 * severity raise, a fault during a declared event. A composer turns a due row into messages for
 * staff, or says it no longer applies (the clock stopped, the engineer changed): then it is cancelled.
 */
export interface AlertScene {
  readonly repos: Repos;
  readonly catalog: Catalog;
  readonly now: Date;
  /** The ticket as the console shows it, and its clocks now. */
  readonly ticket: TicketDetail;
  readonly clocks: readonly Clock[];
}

/** One staff member to tell, and what, in their own language. */
export interface AlertRecipient {
  readonly agent: Agent;
  readonly reply: (lang: Lang) => Reply;
}

/** A message to a teacher, in their conversation and language: a survey, a return visit. */
export interface TeacherMessage {
  readonly conversationId: string;
  readonly reply: (lang: Lang) => Reply;
  /**
   * Written only once the teacher has not written for this long (a return visit: not right after
   * their ticket's confirmation); until then the row waits. None: as soon as they are not busy (a survey).
   */
  readonly quietMs?: number;
  /**
   * When the teacher is busy (busyForDesk, the quiet spell): 'wait' (default) holds the whole row;
   * 'skip' writes to the others and leaves this teacher out of `recorded`'s map (a visit round that
   * has waited too long: that teacher is listed to phone).
   */
  readonly ifBusy?: 'wait' | 'skip';
}

/**
 * Send to these staff and/or the teacher (none: nobody to tell, the row is still sent and shown in the console), with
 * the line the console lists it by (default: the first recipient's message); or cancel, saying why; or wait until later.
 */
export type AlertOutcome =
  | {
      readonly send: readonly AlertRecipient[];
      readonly summary?: (lang: Lang) => string;
      /** Also (or only) to the teacher who reported the ticket. */
      readonly teacher?: TeacherMessage;
    }
  | { readonly cancel: string }
  /** Not yet: pending again, due at `later` (a survey's reminder whose question went late). */
  | { readonly later: Date };

/** The composers by alert kind, given to the worker by composition (dispatch, clock, unassigned, raised, page). */
export type AlertComposers = Readonly<Partial<Record<string, AlertComposer>>>;

export type AlertComposer = (alert: TicketAlert, scene: AlertScene) => Promise<AlertOutcome>;

/** Work on a site rather than a ticket (a return visit round, an inspection coming due). */
export interface SiteWorkScene {
  readonly repos: Repos;
  readonly catalog: Catalog;
  readonly now: Date;
}

/** Where a teacher's message went: its conversation and its place in it (to find its delivery later). */
export interface Written {
  readonly conversationId: string;
  readonly seq: number;
}

/**
 * Site work's outcome: send to staff and/or teachers, then `recorded` is called in the same
 * transaction with where each teacher message went (by conversation id); or cancel; or wait
 * until `later` (claimed outside the contract's window).
 */
export type SiteWorkOutcome =
  | {
      readonly send: readonly AlertRecipient[];
      readonly teachers?: readonly TeacherMessage[];
      readonly summary?: (lang: Lang) => string;
      readonly recorded?: (written: ReadonlyMap<string, Written>) => Promise<void>;
    }
  | { readonly cancel: string }
  | { readonly later: Date };

export type SiteWorkComposer = (alert: TicketAlert, scene: SiteWorkScene) => Promise<SiteWorkOutcome>;

/** Site work composers by kind ("visit", "inspection_due", …). */
export type SiteWorkComposers = Readonly<Partial<Record<string, SiteWorkComposer>>>;
