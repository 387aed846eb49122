import { useEffect, useState } from 'preact/hooks';
import type { EventView } from '../../app/roster-service.js';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, ok, Options, refusal } from '../components.js';
import { useDesk } from '../desk.js';
import { span } from '../roster-days.js';
import type { Wire } from '../types.js';

type MajorEvent = Wire<EventView>;
type Bucket = 'current' | 'upcoming' | 'past';
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** Where an event stands by its times (a cancelled one keeps its place, struck through). */
function bucketOf(event: MajorEvent, now: number): Bucket {
  if (Date.parse(event.endsAt) <= now) return 'past';
  return Date.parse(event.startsAt) <= now ? 'current' : 'upcoming';
}

/**
 * Major events (GX-EDU 5.14, CG-CULTURE 4.5.3): those in force, those to come and those of the past
 * week; cancelled ones struck through. Coordinators, supervisors and admins declare and cancel them.
 */
export function Events() {
  const desk = useDesk();
  const { t, api } = desk;
  const manage = desk.can('roster.manage');
  const [events, setEvents] = useState<readonly MajorEvent[] | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);

  const load = async () => {
    try {
      const from = new Date(api.now() - WEEK).toISOString();
      setEvents((await api.get<{ events: MajorEvent[] }>(`/major-events?from=${encodeURIComponent(from)}`)).events);
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  useEffect(() => void load(), [desk.tick]);

  const cancel = async (event: MajorEvent) => {
    setMessage(NO_NOTE);
    try {
      await api.post(`/major-events/${encodeURIComponent(event.id)}/cancel`);
      setMessage(ok(t('eventCancelled', { name: event.name })));
    } catch (e) {
      if (!isExpired(e)) setMessage(refusal(describe(e, t)));
    }
    await load();
  };

  const now = api.now();
  const buckets: readonly [Bucket, 'eventsCurrent' | 'eventsUpcoming' | 'eventsPast'][] = [
    ['current', 'eventsCurrent'],
    ['upcoming', 'eventsUpcoming'],
    ['past', 'eventsPast'],
  ];
  return (
    <section class="events-view">
      <div class="view-head">
        <h2 class="view-title">{t('eventsTitle')}</h2>
      </div>
      <p class="view-hint">{t('eventsHint')}</p>
      <Message class="view-message" id="events-message" note={message} />
      {error ? (
        <p class="view-error" role="alert">
          {error}
        </p>
      ) : null}
      {buckets.map(([bucket, title]) => {
        const listed = (events ?? []).filter((e) => bucketOf(e, now) === bucket);
        return (
          <section class="card mevent-bucket" key={bucket} id={`events-${bucket}`} data-bucket={bucket}>
            <h3 class="card-title">{t(title)}</h3>
            {events && listed.length === 0 ? <p class="muted">{t('noEvents')}</p> : null}
            <ul class="mevent-list">
              {listed.map((e) => (
                <EventRow key={e.id} event={e} cancellable={manage && bucket !== 'past'} onCancel={cancel} />
              ))}
            </ul>
          </section>
        );
      })}
      {manage ? (
        <DeclareEvent
          onDeclared={async (name) => {
            setMessage(ok(t('declared', { name })));
            await load();
          }}
        />
      ) : (
        <p class="muted read-only-note" id="events-read-only">
          {t('eventsReadOnly')}
        </p>
      )}
    </section>
  );
}

function EventRow({
  event,
  cancellable,
  onCancel,
}: {
  event: MajorEvent;
  cancellable: boolean;
  onCancel: (e: MajorEvent) => Promise<void>;
}) {
  const { t, fmt } = useDesk();
  const cancelled = event.cancelledAt !== null;
  return (
    <li class={`mevent-row${cancelled ? ' is-cancelled' : ''}`} data-id={event.id} data-state={event.state}>
      <span class="mevent-main">
        <span class="mevent-name">{event.name}</span>
        {cancelled ? <span class="pill cancelled-pill">{t('cancelledTag')}</span> : null}
      </span>
      <span class="mevent-site">{event.siteName ?? t('eventAllSites')}</span>
      <span class="mevent-time">{span(fmt, event.startsAt, event.endsAt)}</span>
      {cancellable && !cancelled ? (
        <button type="button" class="button button-quiet button-small" data-action="cancel-event" onClick={() => void onCancel(event)}>
          {t('cancelEvent')}
        </button>
      ) : (
        <span />
      )}
    </li>
  );
}

function DeclareEvent({ onDeclared }: { onDeclared: (name: string) => Promise<void> }) {
  const desk = useDesk();
  const { t, fmt, api } = desk;
  const fresh = () => {
    const hour = Math.floor(api.now() / HOUR) * HOUR;
    return { name: '', siteId: '', start: fmt.zonedLocal(hour), end: fmt.zonedLocal(hour + 8 * HOUR) };
  };
  const [form, setForm] = useState(fresh);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (key: 'name' | 'siteId' | 'start' | 'end') => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
    setError('');
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const name = form.name.trim();
    if (!name || name.length > 60) {
      setError(t('errEventName'));
      return;
    }
    const startsAt = fmt.zonedIso(form.start);
    const endsAt = fmt.zonedIso(form.end);
    if (!startsAt || !endsAt) {
      setError(t('errDateTime'));
      return;
    }
    if (Date.parse(endsAt) <= Date.parse(startsAt)) {
      setError(t('errEndBeforeStart'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { event: declared } = await api.post<{ event: MajorEvent }>('/major-events', {
        name,
        siteId: form.siteId || null,
        startsAt,
        endsAt,
      });
      setForm(fresh());
      await onDeclared(declared.name);
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card roster-form" id="event-form" noValidate autocomplete="off" onSubmit={(event) => void submit(event)}>
      <h3 class="card-title">{t('declareTitle')}</h3>
      <div class="form-grid">
        <Field label={t('eventName')}>
          <input
            class="input"
            id="event-name"
            maxLength={60}
            placeholder={t('eventNamePlaceholder')}
            value={form.name}
            onInput={set('name')}
          />
        </Field>
        <Field label={t('eventSite')}>
          <select class="select" id="event-site" value={form.siteId} onChange={set('siteId')}>
            <Options
              choices={[{ value: '', label: t('eventAllSites') }, ...desk.meta.sites.map((s) => ({ value: s.id, label: s.label }))]}
            />
          </select>
        </Field>
        <Field label={t('eventStart')}>
          <input class="input" id="event-start" type="datetime-local" value={form.start} onInput={set('start')} />
        </Field>
        <Field label={t('eventEnd')}>
          <input class="input" id="event-end" type="datetime-local" value={form.end} onInput={set('end')} />
        </Field>
      </div>
      <p class="form-error" id="event-error" role="alert" hidden={!error}>
        {error}
      </p>
      <button type="submit" class="button button-primary" id="declare-event" disabled={busy}>
        {t('declare')}
      </button>
    </form>
  );
}
