import { Facts, SeverityBadge, StatusPill } from '../components.js';
import { useDesk } from '../desk.js';
import type { TextKey } from '../i18n/index.js';
import { href } from '../router.js';
import type { ConversationView } from '../types.js';

/**
 * What the bot collected, by the names an agent knows (the flows' own slot names, the flow and the
 * step stay out): the variables report-fault saves that a person would want to read.
 */
const COLLECTED: readonly (readonly [variable: string, label: TextKey, fact?: string])[] = [
  ['name', 'reporter'],
  ['site', 'place'],
  ['room', 'room'],
  ['asset', 'device'],
  ['device', 'deviceKind', 'device'],
  ['description', 'description'],
  ['cause', 'cause', 'cause'],
  ['usable', 'usable', 'usable'],
  ['scope', 'scope', 'scope'],
  ['major_event', 'majorEvent', 'majorEvent'],
];

/** A flow variable as a short text (lists of options are left out). */
function shown(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) || typeof value !== 'object') return null;
  const fields = value as Record<string, unknown>;
  for (const key of ['label', 'name', 'tag', 'number', 'text']) if (typeof fields[key] === 'string') return fields[key];
  return null;
}

/** The conversation's side: the user's tickets, what the bot collected, the conversation's details. */
export function ConversationSide({ data }: { data: ConversationView }) {
  const desk = useDesk();
  const { t, labels, fmt } = desk;
  const { entry, tickets } = data;
  const state = entry.state as { frames?: { vars?: Record<string, unknown> }[] } | null;
  const frames = Array.isArray(state?.frames) ? state.frames : [];
  const vars: Record<string, unknown> = Object.assign({}, ...frames.map((f) => f.vars ?? {}));
  const collected = COLLECTED.flatMap(([variable, label, fact]) => {
    const value = vars[variable];
    const text = fact && (typeof value === 'string' || typeof value === 'boolean') ? labels.fact(fact, value) : shown(value);
    return text === null ? [] : [[t(label), text] as const];
  });
  return (
    <aside class="conv-side" id="conv-side">
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
                <span class="st-place">{[ticket.asset ? `${labels.device(ticket.asset.kind)} ${ticket.asset.tag}` : '', ticket.place || ''].filter(Boolean).join(' · ')}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <h3 class="side-title">{t('sideCollected')}</h3>
      <Facts class="facts facts-compact" id="collected" pairs={collected} />
      {collected.length === 0 ? <p class="muted">{t('sideNothing')}</p> : null}
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
