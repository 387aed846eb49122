import { Facts, SeverityBadge, StatusPill } from '../components.js';
import { useDesk } from '../desk.js';
import { href } from '../router.js';
import type { ConversationView } from '../types.js';
import { SummaryLines } from './TicketFacts.js';

/** The conversation's side: the user's tickets, what the bot collected, the conversation's details. */
export function ConversationSide({ data }: { data: ConversationView }) {
  const desk = useDesk();
  const { t, labels, fmt } = desk;
  const { entry, tickets } = data;
  // What the bot collected, as the teacher was asked and answered (never the flows' slot names).
  const answered = data.collected.filter((flow) => flow.answers.length > 0 || flow.waitingOn);
  return (
    <aside class="conv-side" id="conv-side">
      {entry.summary ? (
        <>
          <h3 class="side-title">{t('summaryTitle')}</h3>
          <SummaryLines summary={entry.summary} id="conv-summary" />
        </>
      ) : null}
      <h3 class="side-title">{t('sideTickets')}</h3>
      {tickets.length === 0 ? <p class="muted">{t('sideNoTickets')}</p> : null}
      {tickets.length > 0 ? (
        <ul class="side-tickets">
          {tickets.map((ticket) => (
            <li key={ticket.id}>
              <a class="side-ticket" href={href('tickets', ticket.id)} data-id={ticket.id}>
                <span class="st-top">
                  <SeverityBadge level={ticket.severity} contractId={ticket.contractId} />
                  <span class="st-number">{ticket.number}</span>
                  <StatusPill status={ticket.status} />
                </span>
                <span class="st-desc">{ticket.description}</span>
                <span class="st-place">
                  {[ticket.asset ? `${labels.device(ticket.asset.kind)} ${ticket.asset.tag}` : '', ticket.place || '']
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <h3 class="side-title">{t('sideCollected')}</h3>
      <div id="collected">
        {answered.map((flow, i) => (
          <div class="collected-flow" key={i}>
            <p class="collected-title">{flow.title}</p>
            <Facts class="facts facts-qa" pairs={flow.answers.map((a) => [a.question, a.answer] as const)} />
            {flow.waitingOn ? <p class="collected-waiting">{t('waitingOn', { question: flow.waitingOn })}</p> : null}
          </div>
        ))}
      </div>
      {answered.length === 0 ? <p class="muted">{t('sideNothing')}</p> : null}
      <h3 class="side-title">{t('sideDetails')}</h3>
      <Facts
        class="facts facts-compact"
        pairs={[
          [t('channel'), t(`channel_${entry.channel}`)],
          [t('language'), labels.language(entry.lang)],
          entry.humanRequestedAt ? [t('requestedAt'), fmt.time(entry.humanRequestedAt)] : null,
          entry.lastMessageAt ? [t('lastMessage'), fmt.time(entry.lastMessageAt)] : null,
        ]}
      />
    </aside>
  );
}
