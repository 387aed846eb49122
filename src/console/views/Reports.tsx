import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { useDesk } from '../desk.js';
import { type ReportJson, ReportSections } from './ReportSections.js';

interface Site {
  readonly id: string;
  readonly name: string;
  readonly contractId: string;
}
interface Query {
  readonly from: string;
  readonly to: string;
  readonly contract: string;
  readonly site: string;
}

/** The query string of a report (and of its CSV and XLSX downloads). */
export function queryString(q: Query): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.contract) params.set('contract', q.contract);
  if (q.site) params.set('site', q.site);
  return params.toString();
}

/**
 * Reports (issue 15 item 4; coordinators, supervisors, admins): a range of days and optionally a
 * contract or a site; the counts, clocks, times, satisfaction, return visits and inspections as
 * charts and tables, each table downloadable as CSV and XLSX.
 */
export function Reports() {
  const desk = useDesk();
  const { t, api, fmt, labels, meta } = desk;
  const today = fmt.zonedLocal(api.now()).slice(0, 10);
  const [query, setQuery] = useState<Query>({ from: `${today.slice(0, 8)}01`, to: today, contract: '', site: '' });
  const [shown, setShown] = useState<Query>(query);
  const [data, setData] = useState<{ report: ReportJson; sites: readonly Site[] } | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api
      .get<{ report: ReportJson; sites: Site[] }>(`/reports?${queryString(shown)}`)
      .then((d) => {
        if (!current) return;
        setData(d);
        setError('');
      })
      .catch((e: unknown) => {
        if (current && !isExpired(e)) setError(describe(e, t));
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [queryString(shown), desk.tick]);

  const sites = (data?.sites ?? []).filter((s) => !query.contract || s.contractId === query.contract);
  const set = (patch: Partial<Query>) => setQuery({ ...query, ...patch });
  const report = data?.report;
  return (
    <section class="reports-view" id="reports">
      <div class="view-head">
        <h2 class="view-title">{t('reportsTitle')}</h2>
      </div>
      <p class="view-hint">{t('reportsHint')}</p>
      <form
        class="card report-controls"
        id="report-controls"
        onSubmit={(e) => {
          e.preventDefault();
          setShown(query);
        }}
      >
        <label class="field">
          <span class="field-label">{t('repFrom')}</span>
          <input
            class="input"
            type="date"
            id="report-from"
            value={query.from}

            onInput={(e) => set({ from: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span class="field-label">{t('repTo')}</span>
          <input
            class="input"
            type="date"
            id="report-to"
            value={query.to}

            onInput={(e) => set({ to: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span class="field-label">{t('repContract')}</span>
          <select
            class="select"
            id="report-contract"
            value={query.contract}
            onChange={(e) => set({ contract: e.currentTarget.value, site: '' })}
          >
            <option value="">{t('repAllContracts')}</option>
            {meta.contracts.map((c) => (
              <option key={c.id} value={c.id}>
                {labels.contract(c.id)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('repSite')}</span>
          <select class="select" id="report-site" value={query.site} onChange={(e) => set({ site: e.currentTarget.value })}>
            <option value="">{t('repAllSites')}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button button-primary" id="report-show">
          {t('repShow')}
        </button>
        {loading ? <span class="muted">{t('repLoading')}</span> : null}
      </form>
      {error ? (
        <p class="view-error" role="alert" id="report-error">
          {error}
        </p>
      ) : null}
      {report ? <ReportSections report={report} query={queryString(shown)} /> : null}
    </section>
  );
}
