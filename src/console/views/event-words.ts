import type { Desk } from '../desk.js';
import type { Detail } from '../types.js';

type Event = Detail['events'][number];

/** An event of the log in words: what happened, and why (a reason, a note, the report). */
export function describeEvent(
  { t, labels, fmt, agentName }: Desk,
  ticket: Pick<Detail, 'contractId' | 'severity' | 'warranty'>,
  event: Pick<Event, 'kind' | 'data'>,
): [string, string] {
  const d = event.data as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const sev = (v: unknown) => labels.severity(str(v), ticket.contractId);
  const reasonText = (r: unknown): string => {
    if (r && typeof r === 'object') {
      const reason = r as { text?: { 'zh-CN': string; en: string }; contract?: string; clause?: string };
      return `${labels.local(reason.text)}（${reason.contract ?? ''} ${t('clause', { c: reason.clause ?? '' })}）`;
    }
    return str(r);
  };
  switch (event.kind) {
    case 'created':
      return [
        t('ev_created', { severity: sev(d.severity || ticket.severity), warranty: labels.warranty(str(d.warranty) || ticket.warranty) }),
        '',
      ];
    case 'assigned':
      return [d.to ? t('ev_assigned', { to: agentName(str(d.to)) || str(d.to) }) : t('ev_unassigned'), ''];
    case 'status_changed':
      return [t('ev_status_changed', { from: labels.status(str(d.from)), to: labels.status(str(d.to)) }), str(d.note)];
    case 'reopened':
      return [t('ev_reopened', { from: labels.status(str(d.from)), to: labels.status(str(d.to)) }), reasonText(d.reason)];
    case 'dispatched':
      return [
        t('ev_dispatched', { engineer: str(d.engineer) || agentName(str(d.engineerId)), at: fmt.time(str(d.appointmentAt)) }),
        d.lateReason ? t('ev_late', { reason: str(d.lateReason) }) : '',
      ];
    case 'visit_rescheduled':
      return [t('ev_visit_rescheduled', { at: fmt.time(str(d.to)) }), d.lateReason ? t('ev_late', { reason: str(d.lateReason) }) : ''];
    case 'severity_overridden':
      return [t('ev_severity_overridden', { from: sev(d.from), to: sev(d.to) }), reasonText(d.reason)];
    case 'severity_escalated':
      return [t('ev_severity_escalated', { from: sev(d.from), to: sev(d.to) }), reasonText(d.reason)];
    case 'warranty_overridden':
      return [t('ev_warranty_overridden', { from: labels.warranty(str(d.from)), to: labels.warranty(str(d.to)) }), reasonText(d.reason)];
    case 'closed':
      return [t('ev_closed'), d.report && typeof d.report === 'object' ? t('reportLine', d.report as Record<string, string>) : ''];
    case 'first_response':
      return [t('ev_first_response'), ''];
    case 'fact_corrected': {
      const fact = str(d.fact);
      const value = (v: unknown) => (v === null || v === undefined ? t('noValue') : labels.fact(fact, v));
      return [t('ev_fact_corrected', { fact: labels.factName(fact), from: value(d.from), to: value(d.to) }), ''];
    }
    case 'reporter_added':
      return [t('ev_reporter_added'), str(d.text)];
    case 'engineer_accepted':
      return [t('ev_engineer_accepted'), ''];
    case 'engineer_on_way':
      return [t('ev_engineer_on_way', { eta: fmt.time(str(d.eta)) }), ''];
    case 'engineer_arrived': {
      const at = d.location as { latitude?: number; longitude?: number } | undefined;
      return [t('ev_engineer_arrived'), at?.latitude !== undefined ? t('ev_location', { lat: at.latitude, lon: at.longitude ?? '' }) : ''];
    }
    case 'loaner_delivered':
      return [t('ev_loaner_delivered'), ''];
    case 'manufacturer_escalated':
      return [t('ev_manufacturer_escalated'), str(d.note)];
    case 'engineer_handed_back':
      return [t('ev_engineer_handed_back', { engineer: agentName(str(d.engineerId)) }), str(d.reason)];
    default:
      return [t('ev_other', { kind: event.kind }), d.reason ? reasonText(d.reason) : str(d.note)];
  }
}
