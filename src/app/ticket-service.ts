import type { Catalog } from '../catalog/catalog.js';
import type { Severity, WarrantyDecision } from '../domain/contract.js';
import { checkCorrection, correctedTriage, previousSource, storedFact } from '../domain/fact-correction.js';
import { missedOnSiteDue } from '../domain/appointment.js';
import type { Clock } from '../domain/clocks.js';
import { Facts } from '../domain/facts.js';
import type { LocalText } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import { assess } from '../domain/policy.js';
import { applyTicketCommand, type ProblemReport, replacedPartsOf, type Status, type TicketCommand } from '../domain/ticket-life.js';
import { formatLocalDate, localDateOf } from '../domain/calendar.js';
import type { Agent, TicketDetail, TicketFilters, TicketSummary } from '../ports/console-store.js';
import { assetFacts } from './actions/assessment.js';
import { formatTime } from './present.js';
import { redecideTicket } from './ticket-override.js';
import { tellReporter } from './reporter-notices.js';
import { liveClocks } from './ticket-clocks.js';
import { surveyOnResolved } from './survey/schedule.js';
import type { DailyWindow } from '../domain/quiet-hours.js';
import { Conflict, Forbidden, Invalid, mayWorkTicket, NotFound, requirePermission } from './permissions.js';
import type { Repos, Store } from '../ports/store.js';

/** A dispatch or reschedule may carry why the appointment is after the on-site due time (kept in its event). */
interface WithLateReason {
  readonly lateReason?: string | undefined;
}
export type ConsoleTicketCommand = (TicketCommand & WithLateReason) | { readonly kind: 'assign'; readonly agentId: string | null };

/** Moves an engineer may make on a ticket dispatched to them (besides closing it with the report). */
export const ENGINEER_MOVES: readonly Status[] = ['engineer_on_site', 'waiting_parts', 'resolved'];

/** The engineer's own steps on a ticket dispatched to them (their chat's buttons). */
const ENGINEER_STEPS: readonly ConsoleTicketCommand['kind'][] = [
  'accept',
  'on_way',
  'check_in',
  'loaner_delivered',
  'escalate_manufacturer',
  'hand_back',
];

/** What the contract says of a ticket's current facts, when that differs from the ticket's severity or warranty. */
export interface Reassessment {
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
}

/** A ticket in the console's list, with its clocks at the server's now. */
export interface TicketListItem extends TicketSummary {
  readonly clocks: readonly Clock[];
}

/** A ticket as the console shows it: its detail, its clocks now, and what the contract would say of its facts now. */
export interface TicketView extends TicketDetail {
  /** Its SLA clocks at the server's now (none when its contract is no longer loaded). */
  readonly clocks: readonly Clock[];
  /**
   * The contract's severity and warranty for the facts as they stand (after agents' corrections),
   * when either differs from the ticket's; null when they agree or the facts cannot be assessed.
   * Never applied by itself: the agent overrides severity or warranty with a reason.
   */
  readonly reassessment: Reassessment | null;
  /** The teacher's answer to the satisfaction survey (app/survey), once they gave a score. */
  readonly satisfaction: { readonly score: number; readonly comment: string | null; readonly answeredAt: Date } | null;
}

/** An agent's correction of one fact (the value is checked against the facts' vocabulary). */
export interface FactCorrectionRequest {
  readonly fact: string;
  readonly value: unknown;
}

/**
 * The life of a ticket in the console: lists with filters, the detail with its reasons and
 * events, and the commands of clause 5.10, each logged with who gave it; the reporter is told
 * (in their language, on their channel) when an engineer is assigned, a visit scheduled, the
 * ticket resolved, and when it is reopened.
 */
export class TicketService {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly pushChannels: ReadonlySet<ChannelName>,
    private readonly clock: () => Date,
    private readonly wake: (channel: ChannelName) => void,
    /** What follows from a change of a ticket, in its transaction (its alerts are scheduled again). */
    private readonly afterChange: (r: Repos, ticketId: string, now: Date) => Promise<void> = async () => {},
    /** The teachers' quiet hours (QUIET_HOURS): non-urgent notices wait for them; absent, they go at once. */
    private readonly quietHours?: DailyWindow,
  ) {}

  async list(agent: Agent, filters: TicketFilters): Promise<TicketListItem[]> {
    requirePermission(agent, 'tickets.view');
    const now = this.clock();
    const tickets = await this.store.read.console.tickets.list(filters);
    return tickets.map((t) => ({ ...t, clocks: liveClocks(this.catalog.contracts, t, now) }));
  }

  async detail(agent: Agent, id: string): Promise<TicketView> {
    requirePermission(agent, 'tickets.view');
    return this.view(id);
  }

  private async view(id: string): Promise<TicketView> {
    const ticket = await this.store.read.console.tickets.detail(id);
    if (!ticket) throw new NotFound('no such ticket');
    const survey = await this.store.read.surveys.ofTicket(id);
    const satisfaction =
      survey?.score && survey.answeredAt ? { score: survey.score, comment: survey.comment, answeredAt: survey.answeredAt } : null;
    const clocks = liveClocks(this.catalog.contracts, ticket, this.clock());
    return { ...ticket, clocks, reassessment: await this.reassess(ticket), satisfaction };
  }

  /** The contract's decision on the ticket's facts as they stand, at the time it was reported. */
  private async reassess(ticket: TicketDetail): Promise<Reassessment | null> {
    const facts = Facts.safeParse(ticket.facts);
    const contract = this.catalog.contracts.get(ticket.contractId);
    if (!facts.success || !contract) return null;
    const asset = ticket.assetId ? await this.store.read.places.getAsset(ticket.assetId) : null;
    // A fault during a declared event was decided with the event (its origin names it): so is the suggestion.
    const origin = ticket.triage?.origins.majorEvent;
    const event = origin?.source === 'event' && origin.quote ? { name: origin.quote } : null;
    try {
      const now = assess(facts.data, asset ? assetFacts(asset) : null, contract, ticket.reportedAt, event);
      return now.severity === ticket.severity && now.warranty === ticket.warranty
        ? null
        : { severity: now.severity, warranty: now.warranty };
    } catch {
      return null; // an asset whose dates cannot be read: nothing to suggest
    }
  }

  /**
   * Sets one fact as the agent says it is: the fact's origin becomes the agent, the correction is
   * kept (fact_corrections) and logged. Severity and warranty stay: the view's `reassessment` tells
   * the agent what the contract would now decide, and the override commands apply it.
   */
  async correctFact(agent: Agent, id: string, request: FactCorrectionRequest, version?: string): Promise<TicketView> {
    requirePermission(agent, 'tickets.manage');
    const now = this.clock();
    await this.store.transaction(async (r) => {
      const state = await r.console.tickets.lockState(id);
      if (!state) throw new NotFound('no such ticket');
      if (version && state.updatedAt.toISOString() !== version) throw new Conflict('stale', 'the ticket changed meanwhile; reload it');
      const checked = checkCorrection(request.fact, request.value, state.facts);
      if (!checked.ok) throw new Invalid(checked.error, checked.message);
      const before = storedFact(state.facts, checked.fact);
      if (before === checked.value) throw new Conflict('unchanged', 'the fact already has this value');
      await r.console.tickets.correctFact(id, {
        facts: { ...state.facts, [checked.fact]: checked.value },
        triage: correctedTriage(state.triage, state.description, checked.fact, agent.id),
        correction: {
          agentId: agent.id,
          at: now,
          fact: checked.fact,
          before,
          after: checked.value,
          source: previousSource(state.triage, checked.fact),
        },
      });
      await r.notify({ type: 'ticket', id });
    });
    return this.view(id);
  }

  async attachment(agent: Agent, ticketId: string, attachmentId: string) {
    requirePermission(agent, 'tickets.view');
    return this.store.read.console.tickets.attachment(ticketId, attachmentId);
  }

  /** Applies a command; `version` (the ticket's updatedAt as seen) refuses a change made meanwhile. */
  async command(agent: Agent, id: string, command: ConsoleTicketCommand, version?: string): Promise<TicketView> {
    const now = this.clock();
    const channel = await this.store.transaction((r) => this.commandIn(r, agent, id, command, now, version));
    if (channel) this.wake(channel);
    return this.view(id);
  }

  /**
   * Applies a command inside a transaction the caller holds (an engineer's button pressed in their
   * chat runs in that chat's turn). Returns the reporter's channel to wake when they were told.
   */
  async commandIn(
    r: Repos,
    agent: Agent,
    id: string,
    command: ConsoleTicketCommand,
    now: Date,
    version?: string,
    /** The reporter gave the command in their own chat's turn, which answers them (a survey's reopen): no notice. */
    options: { readonly fromReporter?: boolean } = {},
  ): Promise<ChannelName | null> {
    if (command.kind !== 'assign') await this.lockReporterChat(r, id);
    const state = await r.console.tickets.lockState(id);
    if (!state) throw new NotFound('no such ticket');
    if (version && state.updatedAt.toISOString() !== version) throw new Conflict('stale', 'the ticket changed meanwhile; reload it');
    this.authorise(agent, command, state.engineerId);

    if (command.kind === 'assign') {
      if (command.agentId) {
        const target = await r.console.agents.get(command.agentId);
        if (!target?.active || target.role === 'engineer') throw new Conflict('invalid_agent', 'assign the ticket to an active agent');
      }
      await r.console.tickets.assign(id, command.agentId, agent.id, now);
      await this.changed(r, id, now);
      return null;
    }
    if (command.kind === 'dispatch') {
      const engineer = await r.console.agents.get(command.engineerId);
      if (!engineer?.active || engineer.role !== 'engineer') throw new Conflict('invalid_engineer', 'dispatch an active engineer');
    }
    const change = applyTicketCommand(state, command, now);
    if (!change.ok) throw new Conflict(change.error, change.message);
    if (change.event.kind === 'noop') return null;
    let { changes, event } = change;
    let local: Readonly<Record<string, LocalText>> = {};
    if (command.kind === 'dispatch' || command.kind === 'reschedule') {
      const lateReason = await this.checkAppointment(r, id, command.appointmentAt, command.lateReason, now);
      if (lateReason) event = { ...event, data: { ...event.data, lateReason } };
    }
    if (command.kind === 'override_severity' || command.kind === 'override_warranty') {
      const decided = await redecideTicket(r, this.catalog, agent, id, command);
      if (decided) {
        changes = { ...changes, ...decided.changes };
        local = decided.local;
      }
    }
    await r.console.tickets.apply(id, changes, event, agent.id, now);
    if (command.kind === 'close') await this.recordParts(r, agent, id, command.report, now);
    if (command.kind === 'dispatch' && command.engineerId !== state.engineerId) {
      // The engineer gets the ticket in their chat (alerts/dispatch.ts), sent once by the alerts worker.
      const engineerId = command.engineerId;
      await r.alerts.add(id, { key: `dispatch:${engineerId}:${now.toISOString()}`, kind: 'dispatch', at: now, data: { engineerId } });
    }
    const after = { ...state, ...changes };
    if (after.status === 'resolved' && state.status !== 'resolved') {
      // The teacher is asked how satisfied they are (app/survey), once per ticket, by the alerts worker.
      await surveyOnResolved(
        r,
        { id, conversationId: state.conversationId, engineerId: after.engineerId },
        now,
        this.quietHours,
        this.catalog.desk.desk.timeZone,
      );
    }
    await this.changed(r, id, now);
    if (change.notices.length === 0 || !state.conversationId || options.fromReporter) return null;
    const reason =
      command.kind === 'reopen' || command.kind === 'override_severity' || command.kind === 'override_warranty'
        ? command.reason.trim()
        : '';
    const scene = {
      repos: r,
      catalog: this.catalog,
      pushChannels: this.pushChannels,
      now,
      ...(this.quietHours ? { quietHours: this.quietHours } : {}),
    };
    return tellReporter(scene, state.conversationId, change.notices, {
      number: state.number,
      engineer: after.engineerName ?? '',
      at: after.appointmentAt ?? null,
      reason,
      eta: command.kind === 'on_way' ? command.eta : null,
      local,
    });
  }

  /**
   * An appointment after the on-site due time of a clock still running is refused unless the agent
   * says why (issue 14, item 6); returns that reason when one was needed.
   */
  private async checkAppointment(r: Repos, id: string, at: Date, lateReason: string | undefined, now: Date): Promise<string | null> {
    const ticket = await r.console.tickets.detail(id);
    if (!ticket) throw new NotFound('no such ticket');
    const missed = missedOnSiteDue(liveClocks(this.catalog.contracts, ticket, now), at);
    if (!missed) return null;
    const why = lateReason?.trim();
    if (!why) {
      const due = formatTime(missed, 'en', this.catalog.desk.desk.timeZone);
      throw new Conflict('appointment_late', `the engineer must be on site by ${due}; give a reason for a later appointment`);
    }
    return why;
  }

  /**
   * Locks the reporter's conversation before the ticket, in the order an agent's reply takes them
   * (the conversation, then its tickets' first response): a command that tells the reporter would
   * otherwise hold the ticket while waiting for the conversation, and the two would deadlock.
   */
  private async lockReporterChat(r: Repos, id: string): Promise<void> {
    const ticket = await r.console.tickets.detail(id);
    const conversation = ticket?.conversationId ? await r.conversations.get(ticket.conversationId) : null;
    if (conversation) await r.conversations.lock(conversation.channel, conversation.externalKey);
  }

  /** The parts a closing report names go on the ticket's asset, dated the closing's local day in its contract's zone (5.21.2). */
  private async recordParts(r: Repos, agent: Agent, id: string, report: ProblemReport, now: Date): Promise<void> {
    const parts = replacedPartsOf(report);
    if (parts.length === 0) return;
    const ticket = await r.console.tickets.detail(id);
    const contract = ticket ? this.catalog.contracts.get(ticket.contractId) : undefined;
    const zone = contract?.timeZone ?? this.catalog.desk.desk.timeZone;
    const replacedAt = formatLocalDate(localDateOf(now, zone));
    await r.assets.parts.recordReplaced({ ticketId: id, parts, replacedAt, agentId: agent.id, at: now });
  }

  /** After every change of a ticket: the console is told, and what follows from it is scheduled. */
  private async changed(r: Repos, id: string, now: Date): Promise<void> {
    await r.notify({ type: 'ticket', id });
    await this.afterChange(r, id, now);
  }

  private authorise(agent: Agent, command: ConsoleTicketCommand, engineerId: string | null): void {
    if (command.kind === 'override_severity' || command.kind === 'override_warranty') {
      requirePermission(agent, 'tickets.override');
      return;
    }
    if (!mayWorkTicket(agent, engineerId)) throw new Forbidden('forbidden', 'your role does not allow changing this ticket');
    if (agent.role === 'engineer') {
      const allowed =
        (command.kind === 'move' && ENGINEER_MOVES.includes(command.to)) ||
        command.kind === 'close' ||
        ENGINEER_STEPS.includes(command.kind);
      if (!allowed) throw new Forbidden('forbidden', 'engineers record arrival, waiting for parts, resolution and the report');
    }
  }
}
