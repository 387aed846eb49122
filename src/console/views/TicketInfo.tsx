import { API } from '../api.js';
import { ClockList, ClockOutcomes } from '../clocks.js';
import { Card, Facts, Photo, SeverityBadge } from '../components.js';
import { useDesk } from '../desk.js';
import type { Detail } from '../types.js';
import { type Correct, FactsTable, LlmCallBox, ReassessmentHint } from './TicketFacts.js';
import { describeEvent } from './event-words.js';

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
            ...(ticket.satisfaction
              ? ([
                  [
                    t('satisfaction'),
                    <span id="satisfaction">
                      {t(`satisfaction${ticket.satisfaction.score}` as 'satisfaction5')}
                      {ticket.satisfaction.comment ? ` · “${ticket.satisfaction.comment}”` : ''}
                    </span>,
                  ],
                ] as const)
              : []),
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
              ...(ticket.report.replacedParts?.length
                ? [
                    [
                      t('replacedParts'),
                      ticket.report.replacedParts.map((p) => labels.part(ticket.contractId, p)).join(t('listSep')),
                    ] as const,
                  ]
                : []),
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
