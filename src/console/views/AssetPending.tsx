import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, ok, Options } from '../components.js';
import { useDesk } from '../desk.js';

/** A pending device as GET /assets/pending lists it. */
interface Pending {
  readonly id: string;
  readonly tag: string;
  readonly kind: string | null;
  readonly site: { readonly id: string; readonly name: string | null } | null;
  readonly room: { readonly id: string; readonly name: string | null } | null;
  readonly contactName: string | null;
  readonly ticket: { readonly id: string; readonly number: string | null } | null;
  readonly createdAt: string;
  /** The register's device with this tag: a retired one a teacher still reports, or one added since. */
  readonly registered: {
    readonly assetId: string;
    readonly kind: string;
    readonly siteName: string;
    readonly roomName: string | null;
    readonly retiredAt: string | null;
  } | null;
}

/**
 * Devices teachers reported by a tag the register lacks (issue 16): each with its place, reporter
 * and ticket, to confirm as an asset of the register (its ticket linked to it) or to dismiss.
 */
export function AssetPending() {
  const desk = useDesk();
  const { t, api } = desk;
  const [list, setList] = useState<readonly Pending[] | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);
  const load = async () => {
    try {
      setList((await api.get<{ pending: Pending[] }>('/assets/pending')).pending);
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  useEffect(() => void load(), [desk.tick]);
  useEffect(() => setMessage(NO_NOTE), [desk.lang]);
  const done = async (note: Note) => {
    setMessage(note);
    await load();
  };
  return (
    <section class="pending-assets-view">
      <div class="view-head">
        <h2 class="view-title">{t('paTitle')}</h2>
      </div>
      <p class="view-hint">{t('paHint')}</p>
      <Message class="view-message" id="pending-message" note={message} />
      {error ? (
        <p class="view-error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card" id="pending-assets">
        {list?.length === 0 ? (
          <p class="muted" id="pending-none">
            {t('paNone')}
          </p>
        ) : null}
        <ul class="visit-list">
          {(list ?? []).map((p) => (
            <Row key={p.id} pending={p} onDone={done} />
          ))}
        </ul>
      </section>
    </section>
  );
}

function Row({ pending, onDone }: { pending: Pending; onDone: (note: Note) => Promise<void> }) {
  const { t, fmt, labels } = useDesk();
  const [open, setOpen] = useState<'confirm' | 'dismiss' | null>(null);
  const place = [pending.site?.name, pending.room?.name].filter(Boolean).join(' ');
  return (
    <li class="visit-row pending-row" data-tag={pending.tag}>
      <div class="visit-line">
        <strong class="pending-tag">{pending.tag}</strong>
        <span>{pending.kind ? labels.device(pending.kind) : t('paUnknown')}</span>
        <span>{place || t('paUnknown')}</span>
        <span class="muted">{pending.contactName ?? ''}</span>
        {pending.ticket ? <a href={`#/tickets/${encodeURIComponent(pending.ticket.id)}`}>{pending.ticket.number}</a> : <span />}
        <span class="muted">{fmt.time(pending.createdAt)}</span>
        {open ? null : (
          <span class="pending-actions">
            {pending.registered ? (
              <LinkButton pending={pending} onDone={onDone} />
            ) : (
              <button type="button" class="button button-primary button-small" data-action="confirm" onClick={() => setOpen('confirm')}>
                {t('paConfirm')}
              </button>
            )}
            <button type="button" class="button button-quiet button-small" data-action="dismiss" onClick={() => setOpen('dismiss')}>
              {t('paDismiss')}
            </button>
          </span>
        )}
      </div>
      {pending.registered ? <Registered registered={pending.registered} /> : null}
      {open === 'confirm' ? <ConfirmForm pending={pending} onCancel={() => setOpen(null)} onDone={onDone} /> : null}
      {open === 'dismiss' ? <DismissForm pending={pending} onCancel={() => setOpen(null)} onDone={onDone} /> : null}
    </li>
  );
}

/** The register's device with the tag, where it is, and when it was retired. */
function Registered({ registered }: { registered: NonNullable<Pending['registered']> }) {
  const { t, fmt, labels } = useDesk();
  const values = {
    device: labels.device(registered.kind),
    place: [registered.siteName, registered.roomName].filter(Boolean).join(' '),
    date: registered.retiredAt ? fmt.time(registered.retiredAt) : '',
  };
  return (
    <p class="pending-registered muted">
      <a href={`#/asset/${encodeURIComponent(registered.assetId)}`}>
        {t(registered.retiredAt ? 'paRegisteredRetired' : 'paRegistered', values)}
      </a>
    </p>
  );
}

/** Puts the report on the register's device with the tag (back in use if it was retired). */
function LinkButton({ pending, onDone }: { pending: Pending; onDone: (note: Note) => Promise<void> }) {
  const { t, api } = useDesk();
  const { error, busy, submit } = useSubmit(onDone);
  const retired = Boolean(pending.registered?.retiredAt);
  const link = () =>
    void submit(
      () => api.post(`/assets/pending/${encodeURIComponent(pending.id)}/link`, {}),
      ok(t(retired ? 'paRestored' : 'paLinked', { tag: pending.tag })),
    );
  return (
    <>
      <button type="button" class="button button-primary button-small" data-action="link" disabled={busy} onClick={link}>
        {t(retired ? 'paRestoreLink' : 'paLink')}
      </button>
      {error ? (
        <span class="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

interface FormProps {
  readonly pending: Pending;
  readonly onCancel: () => void;
  readonly onDone: (note: Note) => Promise<void>;
}

/** Sends a form's request; the refusal is shown with its reason. */
function useSubmit(onDone: FormProps['onDone']) {
  const { t } = useDesk();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (send: () => Promise<unknown>, note: Note) => {
    setBusy(true);
    try {
      await send();
      await onDone(note);
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, submit };
}

function ConfirmForm({ pending, onCancel, onDone }: FormProps) {
  const { t, api, meta, labels } = useDesk();
  const [form, setForm] = useState({
    kind: pending.kind ?? '',
    siteId: pending.site?.id ?? '',
    roomId: pending.room?.id ?? '',
    acceptedOn: '',
    warrantyMonths: '',
    model: '',
    serial: '',
  });
  const { error, setError, busy, submit } = useSubmit(onDone);
  const set = (key: keyof typeof form) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
  // Rooms are known for the school the teacher named; another school is confirmed without a room.
  const room = pending.room && form.siteId === pending.site?.id ? pending.room : null;
  const save = (event: Event) => {
    event.preventDefault();
    if (!form.kind || !form.siteId || !form.acceptedOn) {
      setError(t('paNeedFields'));
      return;
    }
    const body = {
      kind: form.kind,
      siteId: form.siteId,
      roomId: form.roomId === room?.id ? room.id : null,
      acceptedOn: form.acceptedOn,
      warrantyMonths: form.warrantyMonths ? Number(form.warrantyMonths) : null,
      model: form.model.trim() || null,
      serial: form.serial.trim() || null,
    };
    void submit(
      () => api.post(`/assets/pending/${encodeURIComponent(pending.id)}/confirm`, body),
      ok(t('paConfirmed', { tag: pending.tag })),
    );
  };
  return (
    <form class="cmd-form form-grid pending-form" id="pending-confirm-form" noValidate onSubmit={save}>
      <Field label={t('paKind')}>
        <select class="select" id="pending-kind" value={form.kind} onChange={set('kind')}>
          <Options
            choices={[{ value: '', label: '—' }, ...Object.keys(meta.devices).map((k) => ({ value: k, label: labels.device(k) }))]}
          />
        </select>
      </Field>
      <Field label={t('paSite')}>
        <select class="select" id="pending-site" value={form.siteId} onChange={set('siteId')}>
          <Options choices={[{ value: '', label: '—' }, ...meta.sites.map((s) => ({ value: s.id, label: s.label }))]} />
        </select>
      </Field>
      <Field label={t('paRoom')}>
        <select class="select" id="pending-room" value={room ? form.roomId : ''} onChange={set('roomId')}>
          <Options choices={[{ value: '', label: t('paNoRoom') }, ...(room ? [{ value: room.id, label: room.name ?? '' }] : [])]} />
        </select>
      </Field>
      <Field label={t('paAcceptedOn')}>
        <input class="input" id="pending-accepted" type="date" value={form.acceptedOn} onInput={set('acceptedOn')} />
      </Field>
      <Field label={t('paWarrantyMonths')}>
        <input
          class="input"
          id="pending-months"
          type="number"
          min={1}
          max={120}
          value={form.warrantyMonths}
          onInput={set('warrantyMonths')}
        />
      </Field>
      <Field label={t('paModel')}>
        <input class="input" id="pending-model" maxLength={120} value={form.model} onInput={set('model')} />
      </Field>
      <Field label={t('paSerial')}>
        <input class="input" id="pending-serial" maxLength={120} value={form.serial} onInput={set('serial')} />
      </Field>
      <FormButtons error={error} busy={busy} onCancel={onCancel} id="pending-confirm" />
    </form>
  );
}

function DismissForm({ pending, onCancel, onDone }: FormProps) {
  const { t, api } = useDesk();
  const [reason, setReason] = useState('');
  const { error, setError, busy, submit } = useSubmit(onDone);
  const save = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('paNeedReason'));
      return;
    }
    void submit(
      () => api.post(`/assets/pending/${encodeURIComponent(pending.id)}/dismiss`, { reason: reason.trim() }),
      ok(t('paDismissed', { tag: pending.tag })),
    );
  };
  return (
    <form class="cmd-form pending-form" id="pending-dismiss-form" noValidate onSubmit={save}>
      <Field label={t('paReason')}>
        <input class="input" id="pending-reason" maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <FormButtons error={error} busy={busy} onCancel={onCancel} id="pending-dismiss" />
    </form>
  );
}

function FormButtons({ error, busy, onCancel, id }: { error: string; busy: boolean; onCancel: () => void; id: string }) {
  const { t } = useDesk();
  return (
    <div class="pending-buttons">
      {error ? (
        <p class="form-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <button type="submit" class="button button-primary" id={id} disabled={busy}>
        {t('paSave')}
      </button>
      <button type="button" class="button button-quiet" onClick={onCancel}>
        {t('paCancel')}
      </button>
    </div>
  );
}
