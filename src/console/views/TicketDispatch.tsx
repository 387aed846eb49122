import { useState } from 'preact/hooks';
import { Field, Options } from '../components.js';
import { Card } from '../components.js';
import { useDesk } from '../desk.js';
import type { Detail } from '../types.js';
import { FormError, type Props } from './ticket-form.js';

/**
 * The on-site due time an appointment would miss: that of an on-site clock still open (running or
 * breached, not stopped), when the appointment is later. The server refuses such an appointment
 * without a reason (409 appointment_late); the form says so first and asks for the reason.
 */
function missedDue(ticket: Detail, at: string | null): string | null {
  const onSite = ticket.clocks.find((c) => c.key === 'onSite');
  if (!at || !onSite?.dueAt || onSite.stoppedAt || (onSite.state !== 'running' && onSite.state !== 'breached')) return null;
  return Date.parse(at) > Date.parse(onSite.dueAt) ? onSite.dueAt : null;
}

/** The warning of a late appointment, and the reason it needs. */
function LateReason({
  id,
  due,
  reason,
  setReason,
  invalid,
}: {
  id: string;
  due: string;
  reason: string;
  setReason: (v: string) => void;
  invalid: boolean;
}) {
  const { t, fmt } = useDesk();
  return (
    <>
      <p class="form-warning" id={`${id}-late`} role="status">
        {t('appointmentLate', { due: fmt.time(due) })}
      </p>
      <Field label={t('lateReason')}>
        <textarea
          class="input"
          id={`${id}-late-reason`}
          rows={2}
          maxLength={2000}
          aria-invalid={invalid ? 'true' : undefined}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
    </>
  );
}

/** Checks the appointment; returns the command's fields, or null after saying what is missing. */
function appointment(
  ticket: Detail,
  at: string | null,
  lateReason: string,
  t: ReturnType<typeof useDesk>['t'],
  setError: (text: string) => void,
): { appointmentAt: string; lateReason?: string } | null {
  if (!at) {
    setError(t('needTime'));
    return null;
  }
  const late = missedDue(ticket, at);
  if (late && !lateReason.trim()) {
    setError(t('needLateReason'));
    return null;
  }
  setError('');
  return { appointmentAt: at, ...(late ? { lateReason: lateReason.trim() } : {}) };
}

export function Dispatch({ ticket, command, busy }: Props) {
  const { t, fmt, agents, agentName } = useDesk();
  const [engineer, setEngineer] = useState('');
  const [when, setWhen] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const engineers = agents.filter((a) => a.role === 'engineer' && a.active);
  const at = fmt.zonedIso(when);
  const late = missedDue(ticket, at);
  const submit = (event: Event) => {
    event.preventDefault();
    if (!engineer) {
      setError(t('needEngineer'));
      return;
    }
    const fields = appointment(ticket, at, reason, t, setError);
    if (!fields) return;
    void command(
      { kind: 'dispatch', engineerId: engineer, ...fields },
      t('dispatched', { engineer: agentName(engineer), at: fmt.time(fields.appointmentAt) }),
      setError,
    );
  };
  return (
    <Card title={ticket.engineerId ? t('redispatchTitle') : t('dispatchTitle')}>
      <form class="cmd-form" noValidate onSubmit={submit}>
        {engineers.length === 0 ? <p class="muted">{t('noEngineers')}</p> : null}
        <Field label={t('engineer')}>
          <select
            class="select"
            id="dispatch-engineer"
            aria-label={t('engineer')}
            value={engineer}
            onChange={(e) => setEngineer(e.currentTarget.value)}
          >
            <Options
              choices={[{ value: '', label: t('chooseEngineer') }, ...engineers.map((a) => ({ value: a.id, label: a.displayName }))]}
            />
          </select>
        </Field>
        <VisitTime id="dispatch" when={when} setWhen={setWhen} late={late} reason={reason} setReason={setReason} error={error} />
        <FormError id="dispatch-error" text={error} />
        <button type="submit" class="button button-primary" id="dispatch" disabled={busy}>
          {t('doDispatch')}
        </button>
      </form>
    </Card>
  );
}

export function Reschedule({ ticket, command, busy }: Props) {
  const { t, fmt } = useDesk();
  const [when, setWhen] = useState(ticket.appointmentAt ? fmt.zonedLocal(ticket.appointmentAt) : '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const at = fmt.zonedIso(when);
  const late = missedDue(ticket, at);
  const submit = (event: Event) => {
    event.preventDefault();
    const fields = appointment(ticket, at, reason, t, setError);
    if (!fields) return;
    void command({ kind: 'reschedule', ...fields }, t('rescheduled', { at: fmt.time(fields.appointmentAt) }), setError);
  };
  return (
    <Card title={t('rescheduleTitle')}>
      <form class="cmd-form" noValidate onSubmit={submit}>
        <VisitTime id="reschedule" when={when} setWhen={setWhen} late={late} reason={reason} setReason={setReason} error={error} />
        <FormError id="reschedule-error" text={error} />
        <button type="submit" class="button button-quiet" id="reschedule" disabled={busy}>
          {t('doReschedule')}
        </button>
      </form>
    </Card>
  );
}

/** The visit's time, and the reason a visit after the on-site due time needs (`late`: that due time). */
function VisitTime(props: {
  id: string;
  when: string;
  setWhen: (value: string) => void;
  late: string | null;
  reason: string;
  setReason: (value: string) => void;
  error: string;
}) {
  const { t, fmt, api } = useDesk();
  const { id, when, setWhen, late, reason, setReason, error } = props;
  return (
    <>
      <Field label={t('appointmentAt', { tz: fmt.timeZone })}>
        <input
          class="input"
          type="datetime-local"
          id={`${id}-at`}
          min={fmt.zonedLocal(api.now())}
          step={300}
          value={when}
          onInput={(e) => setWhen(e.currentTarget.value)}
        />
      </Field>
      {late ? <LateReason id={id} due={late} reason={reason} setReason={setReason} invalid={error === t('needLateReason')} /> : null}
    </>
  );
}
