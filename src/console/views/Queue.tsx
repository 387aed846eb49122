import { useDesk, isWaiting } from '../desk.js';
import { href } from '../router.js';
import type { Queued } from '../types.js';
import { SeverityBadge } from '../components.js';
import { Conversation } from './Conversation.js';

/** The queue: who waits for a human, whose replies were not delivered, who is being helped; one open. */
export function Queue({ id }: { id: string }) {
  const desk = useDesk();
  const { t, queue } = desk;
  const groups: [string, readonly Queued[]][] = [];
  const waiting = queue?.filter(isWaiting) ?? [];
  if (queue) {
    // Nobody asked for a human, but replies did not reach the user: someone should look.
    groups.push([t('undeliveredHeading'), queue.filter((e) => !isWaiting(e) && !e.agentId)]);
    groups.push([t('handlingHeading'), queue.filter((e) => !isWaiting(e) && e.agentId)]);
  }
  return (
    <div class={`queue-layout${id ? ' has-conversation' : ''}`}>
      <section class="queue-pane" aria-label={t('queueTitle')}>
        <div class="pane-head">
          <h2 class="pane-title">{t('queueTitle')}</h2>
        </div>
        <p class="view-error" role="alert" data-kind="error" hidden={!desk.queueError}>
          {desk.queueError}
        </p>
        <div class="queue-list" id="queue-list">
          {!queue ? (
            <p class="loading">{t('loading')}</p>
          ) : (
            <>
              <h3 class="group-title">
                {t('waitingHeading')}
                <span class="count">{String(waiting.length)}</span>
              </h3>
              {waiting.length === 0 ? (
                <div class="empty" id="queue-empty">
                  <p class="empty-title">{t('queueEmpty')}</p>
                  <p class="empty-hint">{t('queueEmptyHint')}</p>
                </div>
              ) : null}
              {waiting.map((entry) => (
                <QueueItem key={entry.id} entry={entry} selected={entry.id === id} section="queue" />
              ))}
              {groups.map(([heading, entries]) =>
                entries.length === 0 ? null : (
                  <>
                    <h3 class="group-title">
                      {heading}
                      <span class="count">{String(entries.length)}</span>
                    </h3>
                    {entries.map((entry) => (
                      <QueueItem key={entry.id} entry={entry} selected={entry.id === id} section="queue" />
                    ))}
                  </>
                ),
              )}
            </>
          )}
        </div>
      </section>
      <section class="conv-pane" id="conversation">
        {id ? (
          <Conversation key={id} id={id} back="#/queue" />
        ) : (
          <div class="placeholder">
            <p>{t('pickConversation')}</p>
          </div>
        )}
      </section>
    </div>
  );
}

/** What the last message said, in words as the user saw it (a photo as "[照片]"), or that there is none yet. */
export function lastLine(entry: Queued, t: ReturnType<typeof useDesk>['t']): string {
  return entry.lastText ?? t('noMessages');
}

/** One conversation in a list: its ticket, who, the channel, the last words, who handles it. */
export function QueueItem({ entry, selected, section }: { entry: Queued; selected: boolean; section: 'queue' | 'conversations' }) {
  const desk = useDesk();
  const { t, fmt } = desk;
  const waiting = isWaiting(entry);
  const ticket = entry.ticket;
  const since = entry.humanRequestedAt ?? entry.lastMessageAt ?? '';
  return (
    <a
      class={`queue-item${waiting ? ' is-waiting' : ''}${selected ? ' is-selected' : ''}`}
      href={href(section, entry.id)}
      data-id={entry.id}
      data-state={waiting ? 'waiting' : 'handled'}
      aria-current={selected ? 'true' : undefined}
    >
      <div class="qi-top">
        {ticket ? <SeverityBadge level={ticket.severity} contractId={ticket.contractId} /> : <span class="sev sev-X">–</span>}
        <span class="qi-ticket">{ticket ? ticket.number : t('noTicket')}</span>
        <span class="qi-time" data-since={since} title={waiting ? `${t('requestedAt')} ${fmt.time(since)}` : undefined}>
          {waiting ? t('waitingFor', { d: fmt.since(since) }) : section === 'conversations' ? fmt.time(entry.lastMessageAt) : ''}
        </span>
      </div>
      <div class="qi-who">
        <span class="qi-name">{entry.contactName || t('unnamed')}</span>
        <span class="qi-channel">{t(`channel_${entry.channel}`)}</span>
      </div>
      <p class="qi-last">{lastLine(entry, t)}</p>
      {entry.summary ? <p class="qi-summary">{desk.labels.local(entry.summary.text).split('\n')[0]}</p> : null}
      {entry.undelivered > 0 ? <div class="qi-undelivered">{t('undeliveredCount', { n: entry.undelivered })}</div> : null}
      {waiting || !entry.agentId ? null : (
        <div class="qi-owner">
          {entry.agentId === desk.me.id ? t('handledByMe') : t('handledBy', { name: entry.agentName || t('someone') })}
        </div>
      )}
    </a>
  );
}
