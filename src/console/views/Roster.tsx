import { useEffect, useState } from 'preact/hooks';
import type { RosterView } from '../../app/roster-service.js';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, ok, Options, refusal } from '../components.js';
import { useDesk } from '../desk.js';
import { addDays, type Day, dayLabel, daysFrom, momentOf, overlaps, span, timeOnDay } from '../roster-days.js';
import type { Wire } from '../types.js';

type Answer = Wire<RosterView>;
type Shift = Answer['shifts'][number];

/**
 * The on-duty roster (CG-CULTURE 4.5.3): who is on duty now, the week ahead day by day (times in the
 * desk's zone), and for coordinators, supervisors and admins a form to add a shift and a button to remove one.
 */
export function Roster() {
  const desk = useDesk();
  const { t, api } = desk;
  const manage = desk.can('roster.manage');
  const [data, setData] = useState<Answer | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);
  const days = daysFrom(desk.fmt, api.now(), 7);
  const first = days[0];
  const last = days[days.length - 1];

  const load = async () => {
    if (!first || !last) return;
    const range = `from=${encodeURIComponent(new Date(first.start).toISOString())}&to=${encodeURIComponent(new Date(last.end).toISOString())}`;
    try {
      setData(await api.get<Answer>(`/roster?${range}`));
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  // Again on every tick: "on duty now" moves with the clock.
  useEffect(() => void load(), [first?.date, desk.tick]);

  const remove = async (shift: Shift) => {
    setMessage(NO_NOTE);
    try {
      await api.call('DELETE', `/roster/${encodeURIComponent(shift.id)}`);
      setMessage(ok(t('shiftRemoved', { name: shift.agentName })));
    } catch (e) {
      if (!isExpired(e)) setMessage(refusal(describe(e, t)));
    }
    await load();
  };

  return (
    <section class="roster-view">
      <div class="view-head">
        <h2 class="view-title">{t('rosterTitle')}</h2>
      </div>
      <p class="view-hint">{t('rosterHint')}</p>
      <Message class="view-message" id="roster-message" note={message} />
      {error ? (
        <p class="view-error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card on-duty-card" id="on-duty-now" aria-live="polite">
        <h3 class="card-title">{t('onDutyNow')}</h3>
        {data?.onDuty.length === 0 ? <p class="muted">{t('nobodyOnDuty')}</p> : null}
        <ul class="on-duty-list">
          {(data?.onDuty ?? []).map((a) => (
            <li key={a.id} class="on-duty-person" data-id={a.id}>
              <span class="on-duty-name">{a.displayName}</span>
              <span class="pill role-chip">{desk.labels.role(a.role)}</span>
            </li>
          ))}
        </ul>
      </section>
      <ol class="roster-week" id="roster-week">
        {days.map((day, i) => (
          <RosterDay key={day.date} day={day} today={i === 0} shifts={data?.shifts ?? []} manage={manage} onRemove={remove} />
        ))}
      </ol>
      {manage ? (
        <AddShift
          today={first?.date ?? ''}
          onAdded={async (text) => {
            setMessage(ok(text));
            await load();
          }}
        />
      ) : (
        <p class="muted read-only-note" id="roster-read-only">
          {t('rosterReadOnly')}
        </p>
      )}
    </section>
  );
}

function RosterDay(props: {
  day: Day;
  today: boolean;
  shifts: readonly Shift[];
  manage: boolean;
  onRemove: (shift: Shift) => Promise<void>;
}) {
  const { t, fmt, api, labels } = useDesk();
  const { day } = props;
  const now = api.now();
  const shifts = props.shifts.filter((s) => overlaps(day, s.startsAt, s.endsAt));
  return (
    <li class={`roster-day${props.today ? ' is-today' : ''}`} data-date={day.date}>
      <h3 class="roster-day-title">
        {dayLabel(t, day.date)}
        {props.today ? <span class="pill today-pill">{t('today')}</span> : null}
      </h3>
      {shifts.length === 0 ? <p class="muted roster-empty">{t('noShifts')}</p> : null}
      <ul class="shift-list">
        {shifts.map((s) => {
          const onDuty = Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt);
          return (
            <li key={s.id} class={`shift${onDuty ? ' is-now' : ''}`} data-id={s.id} data-on-duty={onDuty ? 'true' : undefined}>
              <span class="shift-time">
                {t('shiftTimes', { from: timeOnDay(fmt, day, s.startsAt), to: timeOnDay(fmt, day, s.endsAt) })}
              </span>
              <span class="shift-who">
                <span class="shift-name">{s.agentName}</span>
                <span class="pill role-chip">{labels.role(s.role)}</span>
                {onDuty ? <span class="pill on-duty-pill">{t('onDutyBadge')}</span> : null}
              </span>
              {s.note ? <span class="shift-note">{s.note}</span> : <span class="shift-note" />}
              {props.manage ? (
                <button
                  type="button"
                  class="button button-quiet button-small"
                  data-action="remove-shift"
                  onClick={() => void props.onRemove(s)}
                >
                  {t('removeShift')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

function AddShift({ today, onAdded }: { today: string; onAdded: (text: string) => Promise<void> }) {
  const desk = useDesk();
  const { t, fmt, labels } = desk;
  const staff = desk.agents.filter((a) => a.active);
  const empty = { agentId: '', date: today, from: '08:00', to: '18:00', note: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
    setError('');
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!form.agentId) {
      setError(t('chooseStaff'));
      return;
    }
    const start = momentOf(fmt, form.date, form.from);
    // An end at or before the start is the next day's (a night shift).
    const end = momentOf(fmt, form.to <= form.from ? addDays(form.date, 1) : form.date, form.to);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      setError(t('errDateTime'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const body = { agentId: form.agentId, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString(), note: form.note };
      const { shift } = await desk.api.post<{ shift: Shift }>('/roster', body);
      setForm({ ...empty, date: form.date });
      await onAdded(t('shiftAdded', { name: shift.agentName, when: span(fmt, shift.startsAt, shift.endsAt) }));
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card roster-form" id="shift-form" noValidate autocomplete="off" onSubmit={(event) => void submit(event)}>
      <h3 class="card-title">{t('addShiftTitle')}</h3>
      <div class="form-grid">
        <Field label={t('staff')}>
          <select class="select" id="shift-agent" value={form.agentId} onChange={set('agentId')}>
            <option value="">—</option>
            <Options
              choices={staff.map((a) => ({
                value: a.id,
                label: desk.lang === 'en' ? `${a.displayName} (${labels.role(a.role)})` : `${a.displayName}（${labels.role(a.role)}）`,
              }))}
            />
          </select>
        </Field>
        <Field label={t('date')}>
          <input class="input" id="shift-date" type="date" value={form.date} onInput={set('date')} />
        </Field>
        <Field label={t('from')}>
          <input class="input" id="shift-from" type="time" value={form.from} onInput={set('from')} />
        </Field>
        <Field label={t('to')}>
          <input class="input" id="shift-to" type="time" value={form.to} onInput={set('to')} />
        </Field>
        <Field label={t('note')}>
          <input class="input" id="shift-note" maxLength={200} placeholder={t('notePlaceholder')} value={form.note} onInput={set('note')} />
        </Field>
      </div>
      <p class="muted form-hint">{t('overnightHint')}</p>
      <p class="form-error" id="shift-error" role="alert" hidden={!error}>
        {error}
      </p>
      <button type="submit" class="button button-primary" id="add-shift" disabled={busy}>
        {t('addShift')}
      </button>
    </form>
  );
}
