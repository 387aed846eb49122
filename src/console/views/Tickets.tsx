import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { ClockChip, rowClocks } from '../clocks.js';
import { type Choice, Message, NO_NOTE, type Note, Options, refusal, SeverityBadge, StatusPill } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import { href } from '../router.js';
import type { Summary } from '../types.js';
import { coalesce, debounce } from '../util.js';

interface Filters {
  status: string;
  severity: string;
  contract: string;
  site: string;
  assignee: string;
  open: boolean;
  q: string;
}
const NO_FILTERS: Filters = { status: '', severity: '', contract: '', site: '', assignee: '', open: true, q: '' };

/** The tickets: search (number, description, reporter, asset tag) and filters, with their SLA clocks. */
export function Tickets() {
  const desk = useDesk();
  const { t, labels, meta, me } = desk;
  const [filters, setFilters] = useState<Filters>(() => (desk.remembered.get('tickets') as Filters | undefined) ?? NO_FILTERS);
  const [tickets, setTickets] = useState<readonly Summary[] | null>(null);
  const [error, setError] = useState<Note>(NO_NOTE);
  const current = useRef(filters);
  current.current = filters;
  const gone = useRef(false);

  const load = useMemo(
    () =>
      coalesce(async () => {
        const f = current.current;
        const params = new URLSearchParams();
        if (f.status) params.set('status', f.status);
        if (f.severity) params.set('severity', f.severity);
        if (f.contract) params.set('contract', f.contract);
        if (f.site) params.set('site', f.site);
        if (f.assignee) params.set('assignee', f.assignee);
        if (f.open && !f.status) params.set('open', 'true');
        if (f.q.trim()) params.set('q', f.q.trim());
        try {
          const data = await desk.api.get<{ tickets: Summary[] }>(`/tickets?${params}`);
          if (gone.current) return;
          setError(NO_NOTE);
          setTickets(data.tickets);
        } catch (e) {
          if (!isExpired(e) && !gone.current) setError(refusal(t('loadFailed', { message: describe(e, t) })));
        }
      }),
    [],
  );
  const typed = useMemo(() => debounce(() => void load(), 300), []);
  // New tickets arrive with the bot's messages; changes to tickets as events.
  const later = useMemo(() => debounce(() => void load(), 1500), []);
  const soon = useMemo(() => debounce(() => void load(), 200), []);

  useEffect(() => {
    gone.current = false;
    void load();
    void desk.refreshAgents();
    return () => {
      gone.current = true;
      typed.cancel();
      later.cancel();
      soon.cancel();
    };
  }, []);
  useEffect(() => {
    desk.remembered.set('tickets', filters);
  }, [filters]);
  useChanges((change) => {
    if (change.type === 'ticket' || change.type === 'refresh') soon();
    else if (change.type === 'conversation') later();
  });

  const change = (patch: Partial<Filters>, wait = false) => {
    current.current = { ...current.current, ...patch };
    setFilters(current.current);
    if (wait) typed();
    else {
      typed.cancel();
      void load();
    }
  };

  const people = desk.agents.filter((a) => a.role !== 'engineer' && a.id !== me.id);
  const assignees: Choice[] = [
    { value: '', label: t('allAssignees') },
    { value: 'none', label: t('unassigned') },
    ...(me.role !== 'engineer' ? [{ value: me.id, label: t('assignedToMe') }] : []),
    ...people.map((a) => ({ value: a.id, label: a.displayName })),
  ];
  const select = (id: string, key: keyof Filters, label: string, choices: Choice[]) => (
    <select
      class="select"
      id={id}
      aria-label={label}
      value={String(filters[key])}
      onChange={(e) => change({ [key]: e.currentTarget.value })}
    >
      <Options choices={choices} />
    </select>
  );

  const now = desk.api.now();
  return (
    <section class="tickets-view">
      <div class="view-head">
        <h2 class="view-title">{t('ticketsTitle')}</h2>
        <p class="count-line" id="ticket-count" role="status">
          {tickets ? t('ticketCount', { n: tickets.length }) : ''}
        </p>
      </div>
      <form
        class="filters"
        id="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          change({});
        }}
      >
        <input
          type="search"
          class="input"
          id="f-q"
          placeholder={t('searchPlaceholder')}
          aria-label={t('searchLabel')}
          value={filters.q}
          maxLength={100}
          onInput={(e) => change({ q: e.currentTarget.value }, true)}
        />
        {select('f-status', 'status', t('filterStatus'), [
          { value: '', label: t('allStatuses') },
          ...meta.statuses.map((s) => ({ value: s.id, label: labels.local(s.label) })),
        ])}
        {select('f-severity', 'severity', t('filterSeverity'), [
          { value: '', label: t('allSeverities') },
          ...meta.severities.map((s) => ({ value: s.id, label: labels.severity(s.id) })),
        ])}
        {select('f-contract', 'contract', t('filterContract'), [
          { value: '', label: t('allContracts') },
          ...meta.contracts.map((c) => ({ value: c.id, label: c.id })),
        ])}
        {select('f-site', 'site', t('filterSite'), [
          { value: '', label: t('allSites') },
          ...meta.sites.map((s) => ({ value: s.id, label: s.label })),
        ])}
        {select('f-assignee', 'assignee', t('filterAssignee'), assignees)}
        <label class="check">
          <input type="checkbox" id="f-open" checked={filters.open} onChange={(e) => change({ open: e.currentTarget.checked })} />
          <span>{t('openOnly')}</span>
        </label>
        <button type="button" class="link-button" id="f-clear" onClick={() => change(NO_FILTERS)}>
          {t('clearFilters')}
        </button>
      </form>
      <Message class="view-error" note={error} />
      <div class="ticket-table" id="ticket-list" role="table" aria-label={t('ticketsTitle')}>
        {!tickets ? (
          <p class="loading">{t('loading')}</p>
        ) : (
          <>
            <div class="tr th" role="row">
              {[t('colNumber'), t('colStatus'), t('colWhat'), t('colReporter'), t('colAssignee'), t('colClocks')].map((label) => (
                <span role="columnheader" key={label}>
                  {label}
                </span>
              ))}
            </div>
            {tickets.length === 0 ? (
              <p class="empty" id="tickets-empty">
                {t('noTickets')}
              </p>
            ) : null}
            {tickets.map((ticket) => (
              <Row key={ticket.id} ticket={ticket} now={now} />
            ))}
          </>
        )}
      </div>
    </section>
  );
}

function Row({ ticket, now }: { ticket: Summary; now: number }) {
  const { t, labels, fmt } = useDesk();
  const what = [
    ticket.asset ? `${labels.device(ticket.asset.kind)} ${ticket.asset.tag}` : '',
    [ticket.site, ticket.room].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(' · ');
  const clocks = rowClocks(ticket, now);
  const overdue = clocks.some((c) => c.state === 'overdue');
  return (
    <a
      class={`tr ticket-row${overdue ? ' is-overdue' : ''}`}
      role="row"
      href={href('tickets', ticket.id)}
      data-id={ticket.id}
      data-number={ticket.number}
    >
      <span class="td td-number" role="cell">
        <SeverityBadge level={ticket.severity} contractId={ticket.contractId} />
        <span class="tk-number">{ticket.number}</span>
        <span class="tk-when">{fmt.time(ticket.reportedAt)}</span>
      </span>
      <span class="td" role="cell">
        <StatusPill status={ticket.status} />
      </span>
      <span class="td td-what" role="cell">
        <span class="tk-desc">{ticket.description}</span>
        <span class="tk-place">{what}</span>
      </span>
      <span class="td" role="cell">
        {ticket.reporterName || '—'}
      </span>
      <span class="td" role="cell">
        {ticket.assigneeName || <span class="muted">{t('unassigned')}</span>}
        {ticket.engineerName ? <span class="tk-engineer">{`${t('engineer')}：${ticket.engineerName}`}</span> : null}
      </span>
      <span class="td td-clocks" role="cell">
        {clocks.map((c) => (
          <ClockChip key={c.key} clock={c} />
        ))}
      </span>
    </a>
  );
}
