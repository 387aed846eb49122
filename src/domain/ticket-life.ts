import type { Severity, WarrantyDecision } from './contract.js';

/** The statuses of a ticket, following the service flow of clause 5.10. */
export const STATUSES = [
  'registered',
  'remote_support',
  'on_site_dispatched',
  'engineer_on_site',
  'waiting_parts',
  'version_maintenance',
  'resolved',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/**
 * Where a ticket may go from each status (5.10): registered → first-line remote support → on-site
 * dispatch → engineer on site → waiting for parts or the manufacturer → resolved → closed; software
 * defects and new requirements go to version maintenance; a resolved ticket may be reopened.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  registered: ['remote_support', 'on_site_dispatched', 'version_maintenance', 'resolved'],
  remote_support: ['on_site_dispatched', 'version_maintenance', 'resolved'],
  on_site_dispatched: ['engineer_on_site', 'remote_support', 'resolved'],
  engineer_on_site: ['waiting_parts', 'version_maintenance', 'resolved'],
  waiting_parts: ['engineer_on_site', 'resolved'],
  version_maintenance: ['remote_support', 'resolved'],
  resolved: ['closed', 'remote_support'],
  closed: [],
};

/**
 * Reopening: a resolved or closed ticket whose fault came back goes back to first-line support
 * (5.10), with a reason. The clocks already met stay met (the first response, the engineer's
 * arrival); the repair is no longer done, so its clock runs again against its original due time.
 */
export const REOPEN = {
  from: ['resolved', 'closed'] as const satisfies readonly Status[],
  to: 'remote_support' as const satisfies Status,
} as const;

export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

/** The problem report a ticket is closed with (5.10): every field is required. */
export const REPORT_FIELDS = ['problemType', 'cause', 'solution', 'lossAssessment'] as const;

export interface ProblemReport {
  readonly problemType: string;
  readonly cause: string;
  readonly solution: string;
  readonly lossAssessment: string;
  /**
   * The parts replaced in the repair (the contract's part names, or what the engineer typed): each is
   * recorded on the ticket's asset with the closing date, which drives the replaced-part warranty (5.21.2).
   */
  readonly replacedParts?: readonly string[] | undefined;
}

/** At most this many replaced parts in one report. */
export const MAX_REPLACED_PARTS = 10;

/** The replaced parts as given: trimmed, blank ones dropped, each once (case-insensitively). */
export function replacedPartsOf(report: ProblemReport): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of report.replacedParts ?? []) {
    const part = raw.trim();
    if (!part || seen.has(part.toLowerCase())) continue;
    seen.add(part.toLowerCase());
    out.push(part);
  }
  return out.slice(0, MAX_REPLACED_PARTS);
}

/** What the lifecycle needs to know of a ticket. */
export interface TicketState {
  readonly status: Status;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly engineerId: string | null;
  readonly engineerName: string | null;
  readonly appointmentAt: Date | null;
  readonly respondedAt: Date | null;
  readonly onSiteAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly loanerDeliveredAt: Date | null;
  /** Earlier resolutions the fault came back from (the clocks do not count the time between). */
  readonly reopenings: readonly Reopening[];
  /** When the engineer now dispatched accepted the ticket (null: not yet, or dispatched again since). */
  readonly acceptedAt?: Date | null;
}

export interface Reopening {
  readonly resolvedAt: Date;
  readonly reopenedAt: Date;
}

/** Where a check-in was made, when the engineer shared a location. */
export interface Location {
  readonly latitude: number;
  readonly longitude: number;
}

/**
 * What the engineer dispatched to a ticket does from their chat (or the console), each a ticket
 * event at the moment it is pressed: accept, on the way (with an arrival estimate), arrived (the
 * check-in that stops the on-site clock), loaner delivered, escalated to the manufacturer (5.10
 * step 5), and hand back. "Fixed" and "needs parts" are `move`s to resolved and waiting_parts.
 */
export type EngineerCommand =
  | { readonly kind: 'accept' }
  | { readonly kind: 'on_way'; readonly eta: Date }
  | { readonly kind: 'check_in'; readonly location?: Location | undefined }
  | { readonly kind: 'loaner_delivered' }
  | { readonly kind: 'escalate_manufacturer'; readonly note?: string | undefined }
  | { readonly kind: 'hand_back'; readonly reason?: string | undefined };

export type TicketCommand =
  | { readonly kind: 'move'; readonly to: Status; readonly note?: string | undefined }
  | { readonly kind: 'dispatch'; readonly engineerId: string; readonly engineerName: string; readonly appointmentAt: Date }
  | { readonly kind: 'reschedule'; readonly appointmentAt: Date }
  | { readonly kind: 'override_severity'; readonly to: Severity; readonly reason: string }
  | { readonly kind: 'override_warranty'; readonly to: WarrantyDecision; readonly reason: string }
  | { readonly kind: 'close'; readonly report: ProblemReport }
  | { readonly kind: 'reopen'; readonly reason: string }
  | { readonly kind: 'responded' }
  | EngineerCommand;

/** What the reporter is told about, in their language and on their channel. */
export type ReporterNotice =
  | 'engineer_assigned'
  | 'visit_scheduled'
  | 'resolved'
  | 'reopened'
  | 'engineer_on_way'
  | 'engineer_arrived'
  | 'waiting_parts'
  | 'loaner_delivered'
  | 'manufacturer_escalated'
  | 'severity_changed'
  | 'warranty_changed';

/** Notices that go at once even in the teacher's quiet hours (the engineer is about to knock on the door). */
export const URGENT_NOTICES: readonly ReporterNotice[] = ['engineer_on_way', 'engineer_arrived'];

export type TicketChange =
  | {
      readonly ok: true;
      readonly changes: Partial<Omit<TicketState, 'reopenings'>> & {
        reopenings?: readonly Reopening[];
        report?: ProblemReport;
        severitySince?: Date;
        severityOverridden?: boolean;
        warrantyOverridden?: boolean;
      };
      readonly event: { readonly kind: string; readonly data: Record<string, unknown> };
      readonly notices: readonly ReporterNotice[];
    }
  | { readonly ok: false; readonly error: string; readonly message: string };

const refuse = (error: string, message: string): TicketChange => ({ ok: false, error, message });

const BILLABLE: Readonly<Record<WarrantyDecision, boolean>> = { in_warranty: false, unknown: false, excluded: true, out_of_warranty: true };

/** The changes of entering a status: the clocks it stops. */
function entering(ticket: TicketState, to: Status, now: Date): Partial<TicketState> {
  const out: { -readonly [K in keyof TicketState]?: TicketState[K] } = { status: to };
  if (!ticket.respondedAt && to !== 'registered') out.respondedAt = now;
  if (to === 'engineer_on_site' && !ticket.onSiteAt) out.onSiteAt = now;
  if (to === 'resolved') out.resolvedAt = now;
  if (ticket.status === 'resolved' && to !== 'closed') out.resolvedAt = null;
  if (to === 'closed') out.closedAt = now;
  return out;
}

/**
 * Applies an agent's command to a ticket. Pure: returns what changes, the event to log (with its
 * reason) and what the reporter must be told, or a refusal saying why.
 */
export function applyTicketCommand(ticket: TicketState, command: TicketCommand, now: Date): TicketChange {
  if (command.kind === 'reopen') return reopen(ticket, command.reason, now);
  if (ticket.status === 'closed') return refuse('closed', 'the ticket is closed (reopen it, with a reason, to work on it again)');
  switch (command.kind) {
    case 'move': {
      if (command.to === 'closed')
        return refuse('report_required', 'closing needs the problem report (type, cause, solution, loss assessment)');
      if (command.to === 'on_site_dispatched') return refuse('engineer_required', 'dispatching needs an engineer and an appointment time');
      // The engineer's arrival is recorded when it is pressed, and only for a ticket an engineer was sent to.
      if (command.to === 'engineer_on_site' && !ticket.engineerId)
        return refuse('not_dispatched', 'no engineer is dispatched to this ticket');
      if (!TRANSITIONS[ticket.status].includes(command.to)) {
        return refuse('invalid_transition', `a ticket cannot go from ${ticket.status} to ${command.to}`);
      }
      return {
        ok: true,
        changes: entering(ticket, command.to, now),
        event: { kind: 'status_changed', data: { from: ticket.status, to: command.to, ...(command.note ? { note: command.note } : {}) } },
        notices: command.to === 'resolved' ? ['resolved'] : command.to === 'waiting_parts' ? ['waiting_parts'] : [],
      };
    }
    case 'dispatch': {
      if (ticket.status !== 'on_site_dispatched' && !TRANSITIONS[ticket.status].includes('on_site_dispatched')) {
        return refuse('invalid_transition', `a ticket cannot be dispatched from ${ticket.status}`);
      }
      if (!command.engineerName.trim()) return refuse('engineer_required', 'dispatching needs an engineer');
      const changes = {
        ...entering(ticket, 'on_site_dispatched', now),
        engineerId: command.engineerId,
        engineerName: command.engineerName,
        appointmentAt: command.appointmentAt,
      };
      const notices: ReporterNotice[] = [];
      if (command.engineerId !== ticket.engineerId) notices.push('engineer_assigned');
      if (command.appointmentAt.getTime() !== ticket.appointmentAt?.getTime()) notices.push('visit_scheduled');
      return {
        ok: true,
        changes,
        event: {
          kind: 'dispatched',
          data: {
            from: ticket.status,
            engineerId: command.engineerId,
            engineer: command.engineerName,
            appointmentAt: command.appointmentAt.toISOString(),
          },
        },
        notices,
      };
    }
    case 'reschedule':
      if (ticket.status !== 'on_site_dispatched' || !ticket.engineerId)
        return refuse('invalid_transition', 'only a dispatched visit can be rescheduled');
      return {
        ok: true,
        changes: { appointmentAt: command.appointmentAt },
        event: {
          kind: 'visit_rescheduled',
          data: { from: ticket.appointmentAt?.toISOString() ?? null, to: command.appointmentAt.toISOString() },
        },
        notices: ['visit_scheduled'],
      };
    case 'override_severity':
      if (!command.reason.trim()) return refuse('reason_required', 'an override needs a reason');
      if (command.to === ticket.severity) return refuse('unchanged', `the severity is already ${command.to}`);
      return {
        ok: true,
        changes: { severity: command.to, severitySince: now, severityOverridden: true },
        event: { kind: 'severity_overridden', data: { from: ticket.severity, to: command.to, reason: command.reason.trim() } },
        notices: ['severity_changed'],
      };
    case 'override_warranty':
      if (!command.reason.trim()) return refuse('reason_required', 'an override needs a reason');
      if (command.to === ticket.warranty) return refuse('unchanged', `the warranty decision is already ${command.to}`);
      return {
        ok: true,
        changes: { warranty: command.to, billable: BILLABLE[command.to], warrantyOverridden: true },
        event: {
          kind: 'warranty_overridden',
          data: { from: ticket.warranty, to: command.to, billable: BILLABLE[command.to], reason: command.reason.trim() },
        },
        notices: ['warranty_changed'],
      };
    case 'close': {
      if (ticket.status !== 'resolved') return refuse('invalid_transition', 'only a resolved ticket can be closed');
      const r = command.report;
      const missing = REPORT_FIELDS.filter((k) => !r[k].trim());
      if (missing.length > 0) return refuse('report_required', `the problem report lacks: ${missing.join(', ')}`);
      const report = {
        problemType: r.problemType.trim(),
        cause: r.cause.trim(),
        solution: r.solution.trim(),
        lossAssessment: r.lossAssessment.trim(),
        ...(replacedPartsOf(r).length > 0 ? { replacedParts: replacedPartsOf(r) } : {}),
      };
      return {
        ok: true,
        changes: { ...entering(ticket, 'closed', now), report },
        event: { kind: 'closed', data: { report } },
        notices: [],
      };
    }
    case 'responded':
      if (ticket.respondedAt) return { ok: true, changes: {}, event: { kind: 'noop', data: {} }, notices: [] };
      return { ok: true, changes: { respondedAt: now }, event: { kind: 'first_response', data: {} }, notices: [] };
    default:
      return engineerCommand(ticket, command, now);
  }
}

const ok = (
  changes: Extract<TicketChange, { ok: true }>['changes'],
  kind: string,
  data: Record<string, unknown>,
  notices: readonly ReporterNotice[],
): TicketChange => ({ ok: true, changes, event: { kind, data }, notices });

/** The engineer's steps: each needs the ticket dispatched to an engineer, and is dated when it is given. */
function engineerCommand(ticket: TicketState, command: EngineerCommand, now: Date): TicketChange {
  if (ticket.status === 'resolved') return refuse('invalid_transition', 'the ticket is resolved (reopen it to work on it again)');
  // A loaner unit may come with the engineer or by the desk's own hand (an agent records it in the console).
  if (command.kind === 'loaner_delivered') {
    if (ticket.loanerDeliveredAt) return refuse('unchanged', 'a loaner unit is already recorded as delivered');
    return ok({ loanerDeliveredAt: now }, 'loaner_delivered', {}, ['loaner_delivered']);
  }
  if (!ticket.engineerId) return refuse('not_dispatched', 'no engineer is dispatched to this ticket');
  const onSite = ticket.status === 'engineer_on_site' || ticket.status === 'waiting_parts';
  switch (command.kind) {
    case 'accept':
      if (ticket.status !== 'on_site_dispatched') return refuse('invalid_transition', `a ticket cannot be accepted from ${ticket.status}`);
      if (ticket.acceptedAt) return refuse('unchanged', 'the engineer has already accepted this ticket');
      return ok({}, 'engineer_accepted', { engineerId: ticket.engineerId }, []);
    case 'on_way':
      if (ticket.status !== 'on_site_dispatched') return refuse('invalid_transition', `the engineer cannot set out from ${ticket.status}`);
      if (command.eta.getTime() < now.getTime()) return refuse('eta_past', 'the arrival estimate is in the past');
      return ok({}, 'engineer_on_way', { eta: command.eta.toISOString() }, ['engineer_on_way']);
    case 'check_in': {
      if (ticket.status !== 'on_site_dispatched') return refuse('invalid_transition', `the engineer cannot check in from ${ticket.status}`);
      const location = command.location ? { latitude: command.location.latitude, longitude: command.location.longitude } : undefined;
      return ok(entering(ticket, 'engineer_on_site', now), 'engineer_arrived', { from: ticket.status, ...(location ? { location } : {}) }, [
        'engineer_arrived',
      ]);
    }
    case 'escalate_manufacturer': {
      if (!onSite) return refuse('invalid_transition', 'the engineer escalates to the manufacturer after checking in on site');
      const note = command.note?.trim();
      return ok(
        ticket.status === 'waiting_parts' ? {} : entering(ticket, 'waiting_parts', now),
        'manufacturer_escalated',
        { from: ticket.status, ...(note ? { note } : {}) },
        ['manufacturer_escalated'],
      );
    }
    case 'hand_back': {
      const reason = command.reason?.trim();
      return ok(
        {
          engineerId: null,
          engineerName: null,
          appointmentAt: null,
          ...(ticket.status === 'remote_support' ? {} : { status: 'remote_support' as const }),
        },
        'engineer_handed_back',
        { from: ticket.status, engineerId: ticket.engineerId, ...(reason ? { reason } : {}) },
        [],
      );
    }
  }
}

/** A resolved or closed ticket back to first-line support: logged with the reason; the reporter is told. */
function reopen(ticket: TicketState, reason: string, now: Date): TicketChange {
  if (!(REOPEN.from as readonly Status[]).includes(ticket.status)) {
    return refuse('invalid_transition', `only a resolved or closed ticket can be reopened (this one is ${ticket.status})`);
  }
  const why = reason.trim();
  if (!why) return refuse('reason_required', 'reopening needs a reason');
  const reopenings = ticket.resolvedAt ? [...ticket.reopenings, { resolvedAt: ticket.resolvedAt, reopenedAt: now }] : ticket.reopenings;
  return {
    ok: true,
    changes: { status: REOPEN.to, resolvedAt: null, closedAt: null, reopenings },
    event: { kind: 'reopened', data: { from: ticket.status, to: REOPEN.to, reason: why } },
    notices: ['reopened'],
  };
}
