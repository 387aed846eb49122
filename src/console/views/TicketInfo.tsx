import { API } from '../api.js';
import { ClockList, ClockOutcomes } from '../clocks.js';
import { Card, Facts, Photo, SeverityBadge } from '../components.js';
import { type Desk, useDesk } from '../desk.js';
import type { Detail } from '../types.js';
import { type Correct, FactsTable, LlmCallBox, ReassessmentHint } from './TicketFacts.js';

/**
 * What is known of a ticket: the fault, its facts with where each came from (an agent may correct
 * them), the contract's decision and why, clocks, report, photos, log.
 */
export function TicketInfo({ ticket, correct, busy }: { ticket: Detail; correct: Correct; busy: boolean }) {
  const desk = useDesk();
  const { t, labels, fmt, meta } = desk;
  const where = [ticket.site, ticket.room].filter(Boolean).join(' ');
  return (
    <>
      <Card title={t('facts')}>
        <Facts
          pairs={[
            [t('reporter'), ticket.reporterName || '—'],
            [t('place'), where || '—'],
            [t('device'), ticket.asset ? `${labels.device(ticket.asset.kind)} ${ticket.asset.tag}` : '—'],
            [t('reportedAt'), fmt.time(ticket.reportedAt)],
            [t('contract'), `${ticket.contractId} · ${labels.contract(ticket.contractId)}`],
          ]}
        />
      </Card>
      <Card title={t('factsTriage')}>
        <FactsTable ticket={ticket} correct={desk.can('tickets.manage') ? correct : null} busy={busy} />
        <ReassessmentHint ticket={ticket} />
        <LlmCallBox call={ticket.llmCall} />
      </Card>
      <Card title={t('severityWarranty')}>
        <Facts
          pairs={[
            [
              t('severity'),
              <span class="inline" id="severity">
                <SeverityBadge level={ticket.severity} contractId={ticket.contractId} titled={false} />{' '}
                {labels.severity(ticket.severity, ticket.contractId)}
                {ticket.severityOverridden ? (
                  <span class="flag" id="severity-overridden">
                    {t('overridden')}
                  </span>
                ) : null}
              </span>,
            ],
            [
              t('warranty'),
              <span class="inline">
                {labels.warranty(ticket.warranty)}
                {ticket.warrantyOverridden ? (
                  <span class="flag" id="warranty-overridden">
                    {t('overridden')}
                  </span>
                ) : null}
              </span>,
            ],
            [t('billable'), ticket.billable ? t('billableYes') : t('billableNo')],
          ]}
        />
        <h4 class="sub-title">{t('reasons')}</h4>
        <ul class="reasons" id="reasons">
          {ticket.reasons.map((r, i) => (
            <li key={i}>
              <span class="reason-ref">{`${r.contract} ${t('clause', { c: r.clause })}`}</span>
              <span class="reason-text">{labels.local(r.text)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('clocks')}>
        <ClockList ticket={ticket} />
        <Facts
          pairs={[
            [t('engineer'), ticket.engineerName || t('noEngineer')],
            ticket.appointmentAt ? [t('appointment'), fmt.time(ticket.appointmentAt)] : null,
            [t('assignee'), ticket.assigneeName || t('unassigned')],
          ]}
        />
      </Card>
      {ticket.report ? (
        <Card title={t('report')}>
          <Facts
            pairs={[
              ...meta.reportFields.map((k) => [labels.reportField(k), ticket.report?.[k] ?? ''] as const),
              [t('clockOutcomes'), <ClockOutcomes ticket={ticket} />] as const,
            ]}
          />
        </Card>
      ) : null}
      <Card title={t('photos')}>
        {ticket.attachments.length > 0 ? (
          <div class="photos">
            {ticket.attachments.map((a) => (
              <Photo key={a.id} src={`${API}/tickets/${encodeURIComponent(ticket.id)}/attachments/${encodeURIComponent(a.id)}`} />
            ))}
          </div>
        ) : (
          <p class="muted">{t('noPhotos')}</p>
        )}
      </Card>
      <Card title={t('events')}>
        <ol class="events" id="events">
          {ticket.events.map((event, i) => {
            const who =
              event.actorName ||
              (event.actor === 'bot'
                ? t('actor_bot')
                : event.actor === 'system'
                  ? t('actor_system')
                  : desk.agentName(event.actor) || event.actor);
            const [what, why] = describeEvent(desk, ticket, event);
            return (
              <li class="event" data-kind={event.kind} key={i}>
                <time class="event-time" dateTime={event.at}>
                  {fmt.time(event.at)}
                </time>
                <span class="event-who">{who}</span>
                <span class="event-what">{what}</span>
                {why ? <span class="event-why">{why}</span> : null}
              </li>
            );
          })}
        </ol>
      </Card>
    </>
  );
}

type Event = Detail['events'][number];

/** An event of the log in words: what happened, and why (a reason, a note, the report). */
function describeEvent({ t, labels, fmt, agentName }: Desk, ticket: Detail, event: Event): [string, string] {
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
    default:
      return [t('ev_other', { kind: event.kind }), d.reason ? reasonText(d.reason) : str(d.note)];
  }
}
