import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from '../router.js';
import { API, describe, isExpired } from '../api.js';
import { Options } from '../components.js';
import { useDesk } from '../desk.js';
import { href } from '../router.js';
import { type Asset, useRooms, warrantyWords } from './asset-words.js';

interface Page {
  readonly assets: readonly Asset[];
  readonly next: string | null;
  readonly total: number;
}
interface Filter {
  readonly q: string;
  readonly site: string;
  readonly room: string;
  readonly kind: string;
  readonly status: string;
  readonly warrantyWithin: string;
}
const NO_FILTER: Filter = { q: '', site: '', room: '', kind: '', status: 'active', warrantyWithin: '' };
const PAGE = 50;

/**
 * The asset register (#/assets): search, filters (school → room, kind, in use or retired, the
 * warranties ending within 30/60/90 days), the table, "more", and the exports.
 */
export function AssetRegister() {
  const desk = useDesk();
  const { t, api, labels } = desk;
  const { query } = useRoute();
  // A link to the expiry list (the monthly digest's) opens it; otherwise the filter last used.
  const within = query.warrantyWithin ?? '';
  const linked = ['30', '60', '90'].includes(within) ? { ...NO_FILTER, warrantyWithin: within } : null;
  const [filter, setFilter] = useState<Filter>(() => linked ?? (desk.remembered.get('assets') as Filter | undefined) ?? NO_FILTER);
  const [typed, setTyped] = useState(filter.q);
  const [page, setPage] = useState<{ assets: Asset[]; next: string | null; total: number } | null>(null);
  const rooms = useRooms(api, filter.site);
  const [error, setError] = useState('');

  // Bumped by each new search: an answer to an older one (slower than the newer) is dropped.
  const searches = useRef(0);

  const params = (f: Filter) => new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ''));
  const load = async (after?: string) => {
    const search = after ? searches.current : ++searches.current;
    const query = params(filter);
    query.set('limit', String(PAGE));
    if (after) query.set('after', after);
    try {
      const got = await api.get<Page>(`/assets?${query.toString()}`);
      if (search !== searches.current) return;
      setPage((before) => ({ assets: [...(after ? (before?.assets ?? []) : []), ...got.assets], next: got.next, total: got.total }));
      setError('');
    } catch (e) {
      if (search === searches.current && !isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    }
  };
  useEffect(() => {
    desk.remembered.set('assets', filter);
    void load();
  }, [filter]);
  // Typing waits a moment before it searches.
  useEffect(() => {
    if (typed === filter.q) return;
    const timer = setTimeout(() => setFilter((f) => ({ ...f, q: typed })), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const set = (key: keyof Filter) => (e: { currentTarget: HTMLSelectElement }) => {
    const value = e.currentTarget.value;
    setFilter((f) => ({ ...f, [key]: value, ...(key === 'site' ? { room: '' } : {}) }));
  };
  const exportLink = (ext: 'csv' | 'xlsx') => {
    const query = params(filter);
    query.set('lang', desk.lang);
    return `${API}/assets/export.${ext}?${query.toString()}`;
  };

  return (
    <section class="assets-view">
      <div class="view-head">
        <h2 class="view-title">{t('assetsTitle')}</h2>
        <div class="view-actions">
          <a class="button button-quiet button-small" id="assets-export-csv" href={exportLink('csv')} download>
            {t('assetsExportCsv')}
          </a>
          <a class="button button-quiet button-small" id="assets-export-xlsx" href={exportLink('xlsx')} download>
            {t('assetsExportXlsx')}
          </a>
        </div>
      </div>
      <p class="view-hint">{t('assetsHint')}</p>
      <form
        class="filters"
        id="assets-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter((f) => ({ ...f, q: typed }));
        }}
      >
        <input
          class="input"
          type="search"
          id="assets-q"
          placeholder={t('assetsSearch')}
          aria-label={t('assetsSearch')}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <select class="select" id="assets-site" aria-label={t('assetsColSchool')} value={filter.site} onChange={set('site')}>
          <Options
            choices={[{ value: '', label: t('assetsAllSchools') }, ...desk.meta.sites.map((s) => ({ value: s.id, label: s.label }))]}
          />
        </select>
        <select
          class="select"
          id="assets-room"
          aria-label={t('assetsColRoom')}
          value={filter.room}
          disabled={!filter.site}
          onChange={set('room')}
        >
          <Options choices={[{ value: '', label: t('assetsAllRooms') }, ...rooms.map((r) => ({ value: r.id, label: r.name }))]} />
        </select>
        <select class="select" id="assets-kind" aria-label={t('assetsColKind')} value={filter.kind} onChange={set('kind')}>
          <Options
            choices={[
              { value: '', label: t('assetsAllKinds') },
              ...Object.keys(desk.meta.devices).map((k) => ({ value: k, label: labels.device(k) })),
            ]}
          />
        </select>
        <select class="select" id="assets-status" aria-label={t('assetsStatus_all')} value={filter.status} onChange={set('status')}>
          <Options choices={(['active', 'retired', 'all'] as const).map((s) => ({ value: s, label: t(`assetsStatus_${s}`) }))} />
        </select>
        <select
          class="select"
          id="assets-warranty"
          aria-label={t('assetWarranty')}
          value={filter.warrantyWithin}
          onChange={set('warrantyWithin')}
        >
          <Options
            choices={[
              { value: '', label: t('assetsWarrantyAny') },
              ...['30', '60', '90'].map((d) => ({ value: d, label: t('assetsWarrantyWithin', { days: d }) })),
            ]}
          />
        </select>
      </form>
      {error ? (
        <p class="view-error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="muted" id="assets-count">
        {page ? t('assetsShown', { shown: page.assets.length, total: page.total }) : t('loading')}
      </p>
      <div class="asset-table-wrap">
        <table class="asset-table" id="asset-list">
          <thead>
            <tr>
              {[
                t('assetsColTag'),
                t('assetsColKind'),
                t('assetsColModel'),
                t('assetsColSchool'),
                t('assetsColRoom'),
                t('assetsColAccepted'),
                t('assetsColWarranty'),
              ].map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(page?.assets ?? []).map((a) => (
              <Row key={a.id} asset={a} />
            ))}
          </tbody>
        </table>
        {page?.assets.length === 0 ? (
          <p class="empty" id="assets-empty">
            {t('assetsNone')}
          </p>
        ) : null}
      </div>
      {page?.next ? (
        <button type="button" class="button button-quiet" id="assets-more" onClick={() => void load(page.next ?? undefined)}>
          {t('assetsMore')}
        </button>
      ) : null}
    </section>
  );
}

function Row({ asset }: { asset: Asset }) {
  const { t, labels } = useDesk();
  const w = warrantyWords(asset, t);
  return (
    <tr class={`asset-row${asset.retiredAt ? ' is-retired' : ''}`} data-tag={asset.tag}>
      <td>
        <a class="asset-tag" href={href('asset', asset.id)}>
          {asset.tag}
        </a>
        {asset.retiredAt ? <span class="pill asset-retired-pill">{t('assetsRetired')}</span> : null}
      </td>
      <td>{labels.device(asset.kind)}</td>
      <td>{asset.model ?? '—'}</td>
      <td>{asset.site.name}</td>
      <td>{asset.room?.name ?? '—'}</td>
      <td class="num">{asset.acceptedOn}</td>
      <td class={`asset-warranty${w.ended ? ' is-ended' : ''}`}>
        <span class="num">{w.through}</span> <span class="asset-days">{w.left}</span>
      </td>
    </tr>
  );
}
