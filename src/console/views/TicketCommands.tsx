import { useEffect, useState } from 'preact/hooks';
import { Card, type Choice, Field, Options } from '../components.js';
import { useDesk } from '../desk.js';
import type { Detail, ReportField } from '../types.js';
import { ReplacedParts } from './ReplacedParts.js';
import { Dispatch, Reschedule } from './TicketDispatch.js';
import { FormError, type Props } from './ticket-form.js';

/**
 * What may be done to the ticket now, by the server's rules (its transitions, the engineer's moves,
 * reopening) and the agent's permissions: moves, dispatch, reschedule, close, reopen, assign, overrides.
 */
export function TicketCommands({ ticket, command, busy }: Props) {
  const desk = useDesk();
  const { t, me, meta } = desk;
  const manages = desk.can('tickets.manage');
  const dispatchedToMe = !manages && ticket.engineerId === me.id;
  const mayWork = manages || dispatchedToMe;
  const next = desk.labels.transitions(ticket.status);
  const reopen = meta.reopen;
  const reopens = (reopen.from as readonly string[]).includes(ticket.status);
  const out = [];
  if (mayWork) {
    // Statuses reached by their own command (the report closes, a dispatch sends an engineer) are forms, not buttons.
    const commandFor: Readonly<Record<string, string>> = meta.commandFor;
    const reaches = (command: string) => next.some((s) => commandFor[s] === command);
    // The engineer's arrival is recorded when it is pressed, and only for a ticket an engineer was sent to.
    const moves = next.filter(
      (s) => !(s in commandFor) && (manages || meta.engineerMoves.includes(s)) && (s !== 'engineer_on_site' || ticket.engineerId),
    );
    const dispatched = commandFor[ticket.status] === 'dispatch';
    if (moves.length > 0) out.push(<Moves key="moves" ticket={ticket} moves={moves} command={command} busy={busy} />);
    if (manages && (dispatched || reaches('dispatch'))) out.push(<Dispatch key="dispatch" ticket={ticket} command={command} busy={busy} />);
    if (manages && dispatched && ticket.engineerId) out.push(<Reschedule key="reschedule" ticket={ticket} command={command} busy={busy} />);
    if (reaches('close')) out.push(<Close key="close" contractId={ticket.contractId} command={command} busy={busy} />);
    if (ticket.status !== 'closed' && ticket.status !== 'resolved' && !ticket.loanerDeliveredAt) {
      const loaner = ticket.clocks.find((c) => c.key === 'loaner');
      if (loaner) out.push(<Loaner key="loaner" clock={loaner} command={command} busy={busy} />);
    }
    // Reopening is offered where no plain move already leads back (a resolved ticket may simply move on).
    if (manages && reopens && !moves.includes(reopen.to))
      out.push(<Reopen key="reopen" ticket={ticket} command={command} busy={busy} to={reopen.to} />);
    if (manages && ticket.status !== 'closed') out.push(<Assign key="assign" ticket={ticket} command={command} busy={busy} />);
  }
  if (desk.can('tickets.override') && ticket.status !== 'closed') {
    out.push(<Override key="severity" what="severity" ticket={ticket} command={command} busy={busy} />);
    out.push(<Override key="warranty" what="warranty" ticket={ticket} command={command} busy={busy} />);
  }
  let note = '';
  if (ticket.status === 'closed') note = t('closedNote');
  else if (!mayWork && !desk.can('tickets.override')) note = me.role === 'engineer' ? t('notYourTicket') : t('errForbidden');
  else if (out.length === 0) note = t('noCommands');
  return (
    <>
      {note ? (
        <Card title={t('commands')}>
          <p class="muted" id="no-commands">
            {note}
          </p>
        </Card>
      ) : null}
      {out}
      {dispatchedToMe ? <p class="muted small">{t('engineerCanDo')}</p> : null}
    </>
  );
}

/** Records a loaner unit delivered (by the engineer, or by the desk's own hand): the loaner clock stops. */
function Loaner({ clock, command, busy }: Pick<Props, 'command' | 'busy'> & { clock: Detail['clocks'][number] }) {
  const { t, fmt, api } = useDesk();
  const owedLater = clock.state === 'not_needed' && Date.parse(clock.startsAt) > api.now();
  return (
    <Card title={t('loanerTitle')}>
      <p class="muted small">{owedLater ? t('loanerLater', { at: fmt.time(clock.startsAt) }) : t('loanerOwed')}</p>
      <button
        type="button"
        class="button button-quiet"
        id="loaner-delivered"
        disabled={busy}
        onClick={() => void command({ kind: 'loaner_delivered' }, t('loanerDone'), () => undefined)}
      >
        {t('doLoaner')}
      </button>
    </Card>
  );
}

function Moves({ ticket, moves, command, busy }: Props & { moves: readonly Detail['status'][] }) {
  const { t, labels } = useDesk();
  const [note, setNote] = useState('');
  return (
    <Card title={t('moveTitle')}>
      <div class="move-buttons" id="move-buttons">
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            class="button button-quiet move"
            data-to={to}
            disabled={busy}
            onClick={() =>
              void command(
                { kind: 'move', to, ...(note.trim() ? { note: note.trim() } : {}) },
                t('moved', { status: labels.status(to) }),
                () => undefined,
              )
            }
          >
            {labels.status(to)}
          </button>
        ))}
      </div>
      <input
        class="input"
        id="move-note"
        maxLength={2000}
        placeholder={t('moveNote')}
        aria-label={t('moveNote')}
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
        data-ticket={ticket.id}
      />
    </Card>
  );
}

/** The assignee: follows the ticket (a colleague's change shows) until the agent picks someone. */
function Assign({ ticket, command, busy }: Props) {
  const { t, agents, me, agentName } = useDesk();
  const [to, setTo] = useState(ticket.assigneeId ?? '');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!touched) setTo(ticket.assigneeId ?? '');
  }, [ticket.assigneeId]);
  const people = agents.filter((a) => a.active && a.role !== 'engineer');
  const choices: Choice[] = [
    { value: '', label: t('unassigned') },
    ...people.map((a) => ({ value: a.id, label: a.id === me.id ? `${a.displayName}${t('you')}` : a.displayName })),
  ];
  const submit = (event: Event) => {
    event.preventDefault();
    setError('');
    void command({ kind: 'assign', agentId: to || null }, to ? t('assigned', { name: agentName(to) }) : t('unassignedDone'), setError);
  };
  return (
    <Card title={t('assignTitle')}>
      <form class="cmd-form" noValidate onSubmit={submit}>
        <div class="cmd-inline">
          <select
            class="select"
            id="assign-agent"
            aria-label={t('assignee')}
            value={to}
            onChange={(e) => {
              setTouched(true);
              setTo(e.currentTarget.value);
            }}
          >
            <Options choices={choices} />
          </select>
          <button type="submit" class="button button-quiet" id="assign" disabled={busy}>
            {t('doAssign')}
          </button>
        </div>
        <FormError id="assign-error" text={error} />
      </form>
    </Card>
  );
}

function Override({ what, ticket, command, busy }: Props & { what: 'severity' | 'warranty' }) {
  const { t, labels, meta } = useDesk();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const isSeverity = what === 'severity';
  const choices: Choice[] = isSeverity
    ? meta.severities.filter((s) => s.id !== ticket.severity).map((s) => ({ value: s.id, label: labels.severity(s.id, ticket.contractId) }))
    : meta.warrantyKinds.filter((w) => w.id !== ticket.warranty).map((w) => ({ value: w.id, label: labels.local(w.label) }));
  const submit = (event: Event) => {
    event.preventDefault();
    if (!to) {
      setError(t('needNewValue'));
      return;
    }
    if (!reason.trim()) {
      setError(t('needReason'));
      return;
    }
    setError('');
    const done = isSeverity
      ? t('severityChanged', { s: labels.severity(to, ticket.contractId) })
      : t('warrantyChanged', { w: labels.warranty(to) });
    void command({ kind: isSeverity ? 'override_severity' : 'override_warranty', to, reason: reason.trim() }, done, setError);
  };
  return (
    <Card title={isSeverity ? t('overrideSeverityTitle') : t('overrideWarrantyTitle')}>
      <form class="cmd-form" noValidate onSubmit={submit}>
        <div class="cmd-inline">
          <select
            class="select"
            id={`override-${what}-to`}
            aria-label={isSeverity ? t('severity') : t('warranty')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          >
            <Options choices={[{ value: '', label: '—' }, ...choices]} />
          </select>
          <input
            class="input"
            id={`override-${what}-reason`}
            maxLength={2000}
            placeholder={t('reasonRequired')}
            aria-label={t('reasonRequired')}
            aria-invalid={error === t('needReason') ? 'true' : undefined}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
        <FormError id={`override-${what}-error`} text={error} />
        <button type="submit" class="button button-quiet" id={`override-${what}`} disabled={busy}>
          {t('doOverride')}
        </button>
      </form>
    </Card>
  );
}

/** Reopening a resolved or closed ticket whose fault came back: a reason is required. */
function Reopen({ ticket, command, busy, to }: Props & { to: Detail['status'] }) {
  const { t, labels } = useDesk();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('needReopenReason'));
      return;
    }
    setError('');
    void command({ kind: 'reopen', reason: reason.trim() }, t('reopened', { status: labels.status(to) }), setError);
  };
  return (
    <Card title={t('reopenTitle')}>
      <form class="cmd-form" id="reopen-form" noValidate onSubmit={submit} data-status={ticket.status}>
        <p class="muted small">{t('reopenHint', { status: labels.status(to) })}</p>
        <Field label={t('reasonRequired')}>
          <textarea
            class="input"
            id="reopen-reason"
            rows={2}
            maxLength={2000}
            aria-invalid={error ? 'true' : undefined}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        <FormError id="reopen-error" text={error} />
        <button type="submit" class="button button-quiet" id="reopen" disabled={busy}>
          {t('doReopen')}
        </button>
      </form>
    </Card>
  );
}

function Close({ command, busy, contractId }: Omit<Props, 'ticket'> & { contractId: string }) {
  const { t, labels, meta } = useDesk();
  const [values, setValues] = useState<Partial<Record<ReportField, string>>>({});
  const [parts, setParts] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<readonly ReportField[]>([]);
  const [error, setError] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const missing = meta.reportFields.filter((f) => !values[f]?.trim());
    setInvalid(missing);
    if (missing.length > 0) {
      setError(t('needReport', { fields: missing.map((f) => labels.reportField(f)).join(t('listSep')) }));
      document.getElementById(`report-${missing[0]}`)?.focus();
      return;
    }
    setError('');
    const report = { ...Object.fromEntries(meta.reportFields.map((f) => [f, values[f]?.trim() ?? ''])), replacedParts: parts };
    void command({ kind: 'close', report }, t('closedDone'), setError);
  };
  return (
    <Card title={t('closeTitle')}>
      <form class="cmd-form" id="close-form" noValidate onSubmit={submit}>
        <p class="muted small">{t('closeHint')}</p>
        {meta.reportFields.map((f) => {
          const props = {
            class: 'input',
            id: `report-${f}`,
            'aria-invalid': invalid.includes(f) ? 'true' : undefined,
            value: values[f] ?? '',
            onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
              setValues((v) => ({ ...v, [f]: e.currentTarget.value })),
          } as const;
          return (
            <Field key={f} label={labels.reportField(f)}>
              {f === 'problemType' ? <input {...props} maxLength={500} /> : <textarea {...props} maxLength={4000} rows={2} />}
            </Field>
          );
        })}
        <ReplacedParts contractId={contractId} onChange={setParts} />
        <FormError id="close-error" text={error} />
        <button type="submit" class="button button-primary" id="close-ticket" disabled={busy}>
          {t('doClose')}
        </button>
      </form>
    </Card>
  );
}
