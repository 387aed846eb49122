import { useEffect, useState } from 'preact/hooks';
import type { VisitLine } from '../../ports/return-visits.js';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, ok, Options } from '../components.js';
import { useDesk } from '../desk.js';
import type { Wire } from '../types.js';

type Visit = Wire<VisitLine>;
interface Board {
  readonly toPhone: readonly Visit[];
  readonly done: readonly Visit[];
}
const MAX_NOTE = 500;

/**
 * Return visits (GX-EDU 5.16, CG-CULTURE 4.5.4): the visits to phone (not delivered, failed,
 * unanswered in time, or "call me") with a form to record the call, and the visits done, by round.
 */
export function Visits() {
  const desk = useDesk();
  const { t, api } = desk;
  const [filter, setFilter] = useState({ siteId: '', contractId: '', roundOn: '' });
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);

  const load = async () => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
    try {
      setBoard(await api.get<Board>(`/visits${query.size ? `?${query.toString()}` : ''}`));
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  useEffect(() => void load(), [desk.tick, filter.siteId, filter.contractId, filter.roundOn]);
  // A message said in the other language is dropped when the language changes.
  useEffect(() => setMessage(NO_NOTE), [desk.lang]);
  const set = (key: keyof typeof filter) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setFilter((f) => ({ ...f, [key]: e.currentTarget.value }));

  const rounds = new Map<string, Visit[]>();
  for (const v of board?.done ?? []) rounds.set(v.roundOn, [...(rounds.get(v.roundOn) ?? []), v]);
  return (
    <section class="visits-view">
      <div class="view-head">
        <h2 class="view-title">{t('visitsTitle')}</h2>
      </div>
      <p class="view-hint">{t('visitsHint')}</p>
      <div class="visits-filters form-grid" id="visits-filters">
        <Field label={t('visitsFilterSite')}>
          <select class="select" id="visits-site" value={filter.siteId} onChange={set('siteId')}>
            <Options choices={[{ value: '', label: t('visitsAll') }, ...desk.meta.sites.map((s) => ({ value: s.id, label: s.label }))]} />
          </select>
        </Field>
        <Field label={t('visitsFilterContract')}>
          <select class="select" id="visits-contract" value={filter.contractId} onChange={set('contractId')}>
            <Options
              choices={[
                { value: '', label: t('visitsAll') },
                ...desk.meta.contracts.map((c) => ({ value: c.id, label: c.name[desk.lang] || c.id })),
              ]}
            />
          </select>
        </Field>
        <Field label={t('visitsFilterRound')}>
          <input class="input" id="visits-round" type="date" value={filter.roundOn} onInput={set('roundOn')} />
        </Field>
      </div>
      <Message class="view-message" id="visits-message" note={message} />
      {error ? (
        <p class="view-error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card" id="visits-to-phone">
        <h3 class="card-title">{t('visitsToPhoneCount', { count: board?.toPhone.length ?? 0 })}</h3>
        {board?.toPhone.length === 0 ? <p class="muted">{t('visitsNoneToPhone')}</p> : null}
        <ul class="visit-list">
          {(board?.toPhone ?? []).map((v) => (
            <ToPhone
              key={v.id}
              visit={v}
              onCalled={async (name) => {
                setMessage(ok(t('visitsCallSaved', { name })));
                await load();
              }}
            />
          ))}
        </ul>
      </section>
      <section class="card" id="visits-done">
        <h3 class="card-title">{t('visitsDone')}</h3>
        {board && rounds.size === 0 ? <p class="muted">{t('visitsNoneDone')}</p> : null}
        {[...rounds].map(([round, visits]) => (
          <div class="visit-round" key={round} data-round={round}>
            <h4 class="visit-round-title">{t('visitsRound', { date: round })}</h4>
            <ul class="visit-list">
              {visits.map((v) => (
                <DoneRow key={v.id} visit={v} />
              ))}
            </ul>
          </div>
        ))}
      </section>
    </section>
  );
}

function Who({ visit }: { visit: Visit }) {
  const { t } = useDesk();
  return (
    <span class="visit-who">
      <span class="visit-site">{visit.siteName}</span>
      <span class="visit-contact">{visit.contactId ? (visit.contactName ?? '—') : t('visitsNobody')}</span>
      {visit.contactId && visit.contactPhone ? <span class="visit-phone">{visit.contactPhone}</span> : null}
      {visit.contactId && !visit.contactPhone ? <span class="visit-phone muted no-phone">{t('visitsNoPhone')}</span> : null}
      {visit.channel ? <span class="pill">{t(`channel_${visit.channel}` as 'channel_line')}</span> : null}
    </span>
  );
}

function ToPhone({ visit, onCalled }: { visit: Visit; onCalled: (name: string) => Promise<void> }) {
  const { t, fmt, api } = useDesk();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!note.trim() || note.length > MAX_NOTE) {
      setError(t('errCallNote'));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/visits/${encodeURIComponent(visit.id)}/call`, { note: note.trim() });
      setOpen(false);
      await onCalled(visit.contactName ?? visit.siteName);
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="visit-row" data-id={visit.id} data-reason={visit.reason}>
      <div class="visit-line">
        <Who visit={visit} />
        <span class={`pill reason-pill reason-${visit.reason ?? ''}`}>{t(`reason_${visit.reason ?? 'unanswered'}`)}</span>
        <span class="visit-when muted">
          {t('visitsRound', { date: visit.roundOn })}
          {visit.sentAt ? ` · ${t('visitsSentAt')} ${fmt.time(visit.sentAt)}` : ''}
        </span>
        {open ? null : (
          <button type="button" class="button button-quiet button-small" data-action="record-call" onClick={() => setOpen(true)}>
            {t('visitsRecordCall')}
          </button>
        )}
      </div>
      {open ? (
        <form class="visit-call" noValidate onSubmit={(event) => void save(event)}>
          <Field label={t('visitsCallNote')}>
            <textarea
              class="input"
              rows={2}
              maxLength={MAX_NOTE}
              placeholder={t('visitsCallNotePlaceholder')}
              value={note}
              onInput={(e) => {
                setNote(e.currentTarget.value);
                setError('');
              }}
            />
          </Field>
          <p class="form-error" role="alert" hidden={!error}>
            {error}
          </p>
          <div class="visit-call-actions">
            <button type="submit" class="button button-primary button-small" data-action="save-call" disabled={busy}>
              {t('visitsSaveCall')}
            </button>
            <button type="button" class="button button-quiet button-small" onClick={() => setOpen(false)}>
              {t('visitsCancelCall')}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function DoneRow({ visit }: { visit: Visit }) {
  const { t, fmt } = useDesk();
  return (
    <li class="visit-row is-done" data-id={visit.id}>
      <div class="visit-line">
        <Who visit={visit} />
        {visit.answer ? (
          <span class={`pill answer-pill answer-${visit.answer}`}>{t(`answer_${visit.answer}`)}</span>
        ) : (
          <span class="pill answer-pill answer-phoned">{t('visitsPhoned')}</span>
        )}
        <span class="visit-when muted">
          {visit.ticketNumber ? t('visitsTicket', { number: visit.ticketNumber }) : ''}
          {visit.calledAt
            ? t('visitsCalled', { name: visit.calledBy ?? '', at: fmt.time(visit.calledAt), note: visit.callNote ?? '' })
            : visit.answeredAt
              ? fmt.time(visit.answeredAt)
              : ''}
        </span>
      </div>
    </li>
  );
}
