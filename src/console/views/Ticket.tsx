import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, describe, isExpired } from '../api.js';
import { type Note, Message, NO_NOTE, ok, refusal, SeverityBadge, StatusPill } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import { href } from '../router.js';
import type { Detail } from '../types.js';
import { coalesce } from '../util.js';
import { TicketCommands } from './TicketCommands.js';
import type { Command } from './ticket-form.js';
import { type Correct, SummaryLines } from './TicketFacts.js';
import { TicketInfo } from './TicketInfo.js';

/** One ticket: its facts, decision, clocks, photos and log; the commands the agent's role allows. */
export function Ticket({ id }: { id: string }) {
  const desk = useDesk();
  const { t, api } = desk;
  const [ticket, setTicket] = useState<Detail | null>(null);
  const [loadError, setLoadError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);
  const [busy, setBusy] = useState(false);
  /** Bumped after a command went through: the forms start empty again (a live reload keeps typed values). */
  const [forms, setForms] = useState(0);
  const gone = useRef(false);
  const busyRef = useRef(false);

  const load = useMemo(
    () =>
      coalesce(async () => {
        try {
          const data = await api.get<{ ticket: Detail }>(`/tickets/${encodeURIComponent(id)}`);
          if (!gone.current) setTicket(data.ticket);
        } catch (error) {
          if (isExpired(error) || gone.current) return;
          const text = t('loadFailed', { message: describe(error, t) });
          setLoadError(text);
          setMessage(refusal(text));
        }
      }),
    [id],
  );
  useEffect(() => {
    gone.current = false;
    void load();
    void desk.refreshAgents();
    return () => {
      gone.current = true;
    };
  }, [id]);
  useChanges((change) => {
    if (change.type === 'refresh' || (change.type === 'ticket' && change.id === id && !busyRef.current)) void load();
  });

  /** Posts a change of the ticket as seen (its version); true when the server took it. */
  const send = async (path: 'commands' | 'facts', body: Record<string, unknown>, done: string, fail: (text: string) => void) => {
    if (busyRef.current || !ticket) return false;
    busyRef.current = true;
    setBusy(true);
    setMessage(NO_NOTE);
    try {
      const data = await api.post<{ ticket: Detail }>(`/tickets/${encodeURIComponent(id)}/${path}`, {
        ...body,
        version: ticket.updatedAt,
      });
      if (gone.current) return false;
      setTicket(data.ticket);
      if (path === 'commands') setForms((n) => n + 1);
      setMessage(ok(done));
      return true;
    } catch (error) {
      if (isExpired(error) || gone.current) return false;
      if (error instanceof ApiError && error.code === 'stale') {
        await load();
        setMessage(refusal(t('stale')));
      } else if (error instanceof ApiError && error.code === 'report_required') {
        fail(t('needReport', { fields: desk.meta.reportFields.map((f) => desk.labels.reportField(f)).join(t('listSep')) }));
      } else fail(describe(error, t));
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };
  const command: Command = async (body, done, fail) => {
    await send('commands', body, done, fail);
  };
  const correct: Correct = (fact, value, fail) =>
    send('facts', { fact, value }, t('factCorrected', { fact: desk.labels.factName(fact), value: desk.labels.fact(fact, value) }), fail);

  const back = (
    <a class="back-link link" href="#/tickets">
      ‹ {t('backToTickets')}
    </a>
  );
  if (!ticket) {
    return (
      <section class="ticket-view" data-id={id}>
        {back}
        {loadError ? (
          <p class="view-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="loading">{t('loading')}</p>
        )}
      </section>
    );
  }
  return (
    <section class="ticket-view" data-id={id}>
      {back}
      <header class="ticket-head">
        <div class="ticket-title-row">
          <SeverityBadge level={ticket.severity} contractId={ticket.contractId} />
          <h2 class="ticket-number" id="ticket-number">
            {ticket.number}
          </h2>
          <StatusPill status={ticket.status} id="ticket-status" />
          {ticket.conversationId && desk.can('conversations.view') ? (
            <a class="button button-quiet button-small" href={href('conversations', ticket.conversationId)} id="open-conversation">
              {t('openConversation')}
            </a>
          ) : null}
        </div>
        <p class="ticket-desc">{ticket.description}</p>
        <SummaryLines summary={ticket.triage?.summary} id="ticket-summary" />
      </header>
      <Message class="view-message" id="ticket-message" note={message} />
      <div class="ticket-grid">
        <div class="ticket-info">
          <TicketInfo ticket={ticket} correct={correct} busy={busy} />
        </div>
        <div class="ticket-side">
          <TicketCommands key={forms} ticket={ticket} command={command} busy={busy} />
        </div>
      </div>
    </section>
  );
}
