import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Card, Field, type Note, ok, Options } from '../components.js';
import { useDesk } from '../desk.js';
import { type AssetView, useRooms } from './asset-words.js';

/**
 * The forms of an asset's page for assets.manage: edit its facts, move it to another school or
 * room, retire it with a reason or put it back in use. Each answers with the page anew.
 */
export function AssetManage({ view, onDone }: { view: AssetView; onDone: (view: AssetView, note: Note) => void }) {
  const desk = useDesk();
  const { t, api, labels } = desk;
  const a = view.asset;
  const facts = () => ({
    kind: a.kind,
    model: a.model ?? '',
    serial: a.serial ?? '',
    acceptedOn: a.acceptedOn,
    warrantyMonths: a.warrantyMonths ? String(a.warrantyMonths) : '',
  });
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(facts);
  const [place, setPlace] = useState({ siteId: a.site.id, roomId: a.room?.id ?? '' });
  const rooms = useRooms(api, place.siteId);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    setForm(facts());
    setPlace({ siteId: a.site.id, roomId: a.room?.id ?? '' });
  }, [view]);

  const send = async (method: 'PATCH' | 'POST', path: string, body: unknown, done: (before: AssetView, after: AssetView) => string) => {
    setBusy(true);
    try {
      const next = await api.call<AssetView>(method, `/assets/${encodeURIComponent(a.id)}${path}`, body);
      setError('');
      setEditing(false);
      onDone(next, ok(done(view, next)));
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  const changed = (before: AssetView, after: AssetView) =>
    after.history.length > before.history.length ? t('assetSaved') : t('assetNothingChanged');
  const save = (event: Event) => {
    event.preventDefault();
    void send(
      'PATCH',
      '',
      {
        kind: form.kind,
        model: form.model,
        serial: form.serial,
        acceptedOn: form.acceptedOn,
        warrantyMonths: form.warrantyMonths ? Number(form.warrantyMonths) : null,
      },
      changed,
    );
  };
  const move = (event: Event) => {
    event.preventDefault();
    void send('PATCH', '', { siteId: place.siteId, roomId: place.roomId || null }, changed);
  };
  const retire = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('errAssetReason'));
      return;
    }
    void send('POST', '/retire', { reason: reason.trim() }, () => t('assetRetiredDone'));
  };
  const input = (key: keyof ReturnType<typeof facts>) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  return (
    <Card title={t('assetManage')}>
      <div class="asset-manage" id="asset-manage">
        {editing ? (
          <form class="form-grid asset-edit" id="asset-edit" onSubmit={save}>
            <Field label={t('assetKind')}>
              <select class="select" id="asset-edit-kind" value={form.kind} onChange={input('kind')}>
                <Options choices={Object.keys(desk.meta.devices).map((k) => ({ value: k, label: labels.device(k) }))} />
              </select>
            </Field>
            <Field label={t('assetModel')}>
              <input class="input" id="asset-edit-model" maxLength={200} value={form.model} onInput={input('model')} />
            </Field>
            <Field label={t('assetSerial')}>
              <input class="input" id="asset-edit-serial" maxLength={200} value={form.serial} onInput={input('serial')} />
            </Field>
            <Field label={t('assetAccepted')}>
              <input class="input" id="asset-edit-accepted" type="date" required value={form.acceptedOn} onInput={input('acceptedOn')} />
            </Field>
            <Field label={t('assetWarrantyMonths')}>
              <input
                class="input"
                id="asset-edit-months"
                type="number"
                min={1}
                max={120}
                placeholder={t('assetContractMonths')}
                value={form.warrantyMonths}
                onInput={input('warrantyMonths')}
              />
            </Field>
            <div class="form-actions">
              <button type="submit" class="button button-primary" id="asset-edit-save" disabled={busy}>
                {t('assetSave')}
              </button>
              <button
                type="button"
                class="button button-quiet"
                id="asset-edit-cancel"
                onClick={() => {
                  setEditing(false);
                  setForm(facts());
                }}
              >
                {t('assetCancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" class="button button-primary" id="asset-edit-open" disabled={busy} onClick={() => setEditing(true)}>
            {t('assetEdit')}
          </button>
        )}
        <form class="asset-move" id="asset-move" onSubmit={move}>
          <span class="field-label">{t('assetMove')}</span>
          <select
            class="select"
            id="asset-move-site"
            aria-label={t('assetSchool')}
            value={place.siteId}
            onChange={(e) => setPlace({ siteId: e.currentTarget.value, roomId: '' })}
          >
            <Options choices={desk.meta.sites.map((s) => ({ value: s.id, label: s.label }))} />
          </select>
          <select
            class="select"
            id="asset-move-room"
            aria-label={t('assetRoom')}
            value={place.roomId}
            onChange={(e) => setPlace((p) => ({ ...p, roomId: e.currentTarget.value }))}
          >
            <Options choices={[{ value: '', label: t('assetNoRoom') }, ...rooms.map((r) => ({ value: r.id, label: r.name }))]} />
          </select>
          <button type="submit" class="button button-quiet" id="asset-move-save" disabled={busy}>
            {t('assetMoveSave')}
          </button>
        </form>
        {a.retiredAt ? (
          <button
            type="button"
            class="button button-quiet"
            id="asset-restore"
            disabled={busy}
            onClick={() => void send('POST', '/restore', {}, () => t('assetRestoredDone'))}
          >
            {t('assetRestore')}
          </button>
        ) : (
          <form class="asset-retire" id="asset-retire" onSubmit={retire}>
            <input
              class="input"
              id="asset-retire-reason"
              maxLength={500}
              placeholder={t('assetRetireReason')}
              aria-label={t('assetRetireReason')}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
            <button type="submit" class="button asset-retire-button" id="asset-retire-save" disabled={busy}>
              {t('assetRetireConfirm')}
            </button>
          </form>
        )}
        {error ? (
          <p class="form-error" role="alert" id="asset-manage-error">
            {error}
          </p>
        ) : null}
      </div>
    </Card>
  );
}
