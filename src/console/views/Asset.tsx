import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Card, Message, NO_NOTE, type Note, SeverityBadge, StatusPill } from '../components.js';
import { useDesk } from '../desk.js';
import { localText } from '../i18n/index.js';
import { href } from '../router.js';
import { AssetManage } from './AssetManage.js';
import { type AssetView, warrantyWords } from './asset-words.js';

type Change = AssetView['history'][number];

/**
 * An asset's page (#/asset/<id>): its facts, warranty end and clause, its tickets, the parts
 * replaced and their 90-day cover, the audit trail; for assets.manage the edit, move, retire and
 * restore forms (AssetManage).
 */
export function Asset({ id }: { id: string }) {
  const desk = useDesk();
  const { t, api, labels, fmt } = desk;
  const [view, setView] = useState<AssetView | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Note>(NO_NOTE);

  const load = async () => {
    try {
      setView(await api.get<AssetView>(`/assets/${encodeURIComponent(id)}`));
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  useEffect(() => void load(), [id]);
  useEffect(() => setMessage(NO_NOTE), [desk.lang]);

  if (!view) {
    return (
      <section class="asset-view">
        <a class="back-link" href="#/assets">
          {t('assetBack')}
        </a>
        {error ? (
          <p class="view-error" role="alert">
            {error}
          </p>
        ) : (
          <p class="loading">{t('loading')}</p>
        )}
      </section>
    );
  }
  const a = view.asset;
  const w = warrantyWords(a, t);
  const fact = (label: string, value: string, fieldId: string) => (
    <div class="asset-fact" key={fieldId}>
      <dt>{label}</dt>
      <dd id={fieldId}>{value}</dd>
    </div>
  );
  return (
    <section class="asset-view" data-id={a.id}>
      <a class="back-link" href="#/assets">
        {t('assetBack')}
      </a>
      <div class="view-head">
        <h2 class="view-title" id="asset-title">
          {a.tag} <span class="muted">{labels.device(a.kind)}</span>
        </h2>
        {a.retiredAt ? (
          <span class="pill asset-retired-pill">{t('assetsRetired')}</span>
        ) : (
          <a class="button button-quiet button-small" id="asset-label" href={`#/asset-labels?ids=${encodeURIComponent(a.id)}`}>
            {t('labelsOfAsset')}
          </a>
        )}
      </div>
      {a.retiredAt ? (
        <p class="asset-retired-note" id="asset-retired">
          {t('assetRetiredOn', { date: fmt.time(a.retiredAt) })}
        </p>
      ) : null}
      <Message class="view-message" id="asset-message" note={message} />
      <div class="asset-columns">
        <Card title={t('assetFacts')}>
          <dl class="asset-facts" id="asset-facts">
            {fact(t('assetKind'), labels.device(a.kind), 'asset-kind')}
            {fact(t('assetModel'), a.model ?? '—', 'asset-model')}
            {fact(t('assetSerial'), a.serial ?? '—', 'asset-serial')}
            {fact(t('assetSchool'), a.site.name, 'asset-school')}
            {fact(t('assetRoom'), a.room?.name ?? '—', 'asset-room')}
            {fact(t('assetContract'), labels.contract(a.contractId), 'asset-contract')}
            {fact(t('assetAccepted'), a.acceptedOn, 'asset-accepted')}
            {fact(
              t('assetWarrantyMonths'),
              a.warrantyMonths
                ? t('assetWarrantyOwn', { months: a.warrantyMonths })
                : t('assetWarrantyMonthsValue', { months: view.warranty?.months ?? '—' }),
              'asset-months',
            )}
          </dl>
        </Card>
        <Card title={t('assetWarranty')}>
          <p class={`asset-warranty-end${w.ended ? ' is-ended' : ''}`} id="asset-warranty">
            {view.warranty ? t('assetWarrantyThrough', { date: view.warranty.lastDay }) : '—'} <strong>{w.left}</strong>
          </p>
          {view.warranty ? <p class="muted">{t('assetWarrantyClause', { clause: view.warranty.clause })}</p> : null}
        </Card>
      </div>
      <Card title={t('assetTickets')}>
        {view.tickets.length === 0 ? <p class="muted">{t('assetNoTickets')}</p> : null}
        <ul class="asset-tickets" id="asset-tickets">
          {view.tickets.map((ticket) => (
            <li key={ticket.id}>
              <a href={href('tickets', ticket.id)}>{ticket.number}</a>
              <SeverityBadge level={ticket.severity} contractId={a.contractId} />
              <StatusPill status={ticket.status} />
              <span class="muted">{fmt.time(ticket.createdAt)}</span>
              <span class="asset-ticket-summary">{localText(ticket.summary, desk.lang)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('assetParts')}>
        {view.partsRule ? (
          <p class="muted" id="asset-parts-rule">
            {view.partsRule.clause ? t('assetPartsRule', view.partsRule) : t('assetPartsRulePolicy', view.partsRule)}
          </p>
        ) : null}
        {view.replacedParts.length === 0 ? <p class="muted">{t('assetNoParts')}</p> : null}
        <ul class="asset-parts" id="asset-parts">
          {view.replacedParts.map((p) => (
            <li key={`${p.part}-${p.replacedAt}`} class={p.covered ? 'is-covered' : 'is-ended'}>
              <strong>{localText(p.name, desk.lang)}</strong> <span class="num">{p.replacedAt}</span>{' '}
              {p.ticketNumber ? <span class="muted">{t('assetPartTicket', { number: p.ticketNumber })}</span> : null}{' '}
              {p.coveredThrough ? (
                <span class="pill">{t(p.covered ? 'assetPartCovered' : 'assetPartEnded', { date: p.coveredThrough })}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      {desk.can('assets.manage') ? (
        <AssetManage
          view={view}
          onDone={(next, note) => {
            setView(next);
            setMessage(note);
          }}
        />
      ) : null}
      <Card title={t('assetHistory')}>
        {view.history.length === 0 ? <p class="muted">{t('assetNoHistory')}</p> : null}
        <ol class="asset-history" id="asset-history">
          {view.history.map((h) => (
            <HistoryLine key={h.id} change={h} contractId={a.contractId} />
          ))}
        </ol>
      </Card>
    </section>
  );
}

function HistoryLine({ change, contractId }: { change: Change; contractId: string }) {
  const { t, fmt, labels } = useDesk();
  const value = (field: string, v: string | number | null) => {
    if (v === null || v === '') return t('assetEmpty');
    if (field === 'kind') return labels.device(String(v));
    if (field === 'contract') return labels.contract(String(v));
    if (field === 'replacedParts') return labels.part(contractId, String(v));
    return String(v);
  };
  const fieldName = (field: string) => {
    const key = `assetField_${field}`;
    return isFieldKey(key) ? t(key) : field;
  };
  return (
    <li class="asset-change" data-action={change.action}>
      <span class="asset-change-head">
        <strong>{t(`assetAction_${change.action}`)}</strong> <span class="muted">{fmt.time(change.at)}</span>{' '}
        <span class="muted">{change.agentName ?? t('assetBySystem')}</span>
        {change.ticketNumber ? <span class="muted"> · {t('assetPartTicket', { number: change.ticketNumber })}</span> : null}
      </span>
      {Object.entries(change.changes)
        // A retirement's time is the entry's own.
        .filter(([field]) => field !== 'retiredAt')
        .map(([field, { before, after }]) => (
          <span class="asset-change-field" key={field}>
            {t('assetChangeLine', { field: fieldName(field), before: value(field, before), after: value(field, after) })}
          </span>
        ))}
      {change.note ? <span class="asset-change-note">{change.note}</span> : null}
    </li>
  );
}

const FIELD_KEYS = [
  'assetField_tag',
  'assetField_kind',
  'assetField_model',
  'assetField_serial',
  'assetField_acceptedOn',
  'assetField_warrantyMonths',
  'assetField_site',
  'assetField_room',
  'assetField_contract',
  'assetField_replacedParts',
  'assetField_replacedAt',
  'assetField_retired',
] as const;
const isFieldKey = (key: string): key is (typeof FIELD_KEYS)[number] => (FIELD_KEYS as readonly string[]).includes(key);
