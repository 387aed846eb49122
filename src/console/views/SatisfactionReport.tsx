import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { type Desk, useDesk } from '../desk.js';
import { ReportBody, type ReportData } from './satisfaction-report-body.js';

/** The year now in the desk's zone. */
function thisYear(desk: Desk): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: desk.fmt.timeZone, year: 'numeric' }).format(new Date(desk.api.now())));
}

const KEY = 'satisfaction-report';

/**
 * The yearly satisfaction analysis and the half-year feedback summary (CG-CULTURE 4.5.4, GX-EDU
 * 5.12.1) for a chosen contract, year and half: made by the server from the stored answers, shown
 * as a printable page (print stylesheet: A4, the controls and the console's header left out).
 */
export function SatisfactionReport() {
  const desk = useDesk();
  const { t, api } = desk;
  const contracts = desk.meta.contracts;
  const kept = desk.remembered.get(KEY) as { contract: string; year: string; half: string } | undefined;
  const [contract, setContract] = useState(kept?.contract ?? contracts[0]?.id ?? '');
  const [year, setYear] = useState(kept?.year ?? String(thisYear(desk)));
  const [half, setHalf] = useState(kept?.half ?? '');
  const [report, setReport] = useState<ReportData | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  const load = async () => {
    desk.remembered.set(KEY, { contract, year, half });
    if (!/^\d{4}$/.test(year) || Number(year) < 2000 || Number(year) > thisYear(desk)) {
      setError(t('srBadYear'));
      return;
    }
    setLoading(true);
    try {
      const query = `contract=${encodeURIComponent(contract)}&year=${year}${half ? `&half=${half}` : ''}`;
      setReport(await api.get<ReportData>(`/reports/satisfaction?${query}`));
      setError('');
    } catch (e) {
      if (!isExpired(e)) setError(t('loadFailed', { message: describe(e, t) }));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), []);

  const years = Array.from({ length: 6 }, (_, i) => String(thisYear(desk) - i));
  return (
    <section class="sr-view">
      <div class="sr-controls" id="sr-controls">
        <div class="view-head">
          <h2 class="view-title">{t('srTitle')}</h2>
        </div>
        <p class="view-hint">{t('srHint')}</p>
        <form
          class="sr-form"
          id="sr-form"
          onSubmit={(e) => {
            e.preventDefault();
            void load();
          }}
        >
          <label class="field">
            <span class="field-label">{t('srContract')}</span>
            <select id="sr-contract" class="select" value={contract} onChange={(e) => setContract(e.currentTarget.value)}>
              {contracts.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${c.id} — ${desk.labels.local(c.name)}`}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">{t('srYear')}</span>
            <select id="sr-year" class="select" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">{t('srPeriod')}</span>
            <select id="sr-half" class="select" value={half} onChange={(e) => setHalf(e.currentTarget.value)}>
              <option value="">{t('srWholeYear')}</option>
              <option value="1">{t('srH1')}</option>
              <option value="2">{t('srH2')}</option>
            </select>
          </label>
          <div class="sr-buttons">
            <button type="submit" class="button" id="sr-show" disabled={loading}>
              {t('srShow')}
            </button>
            <button type="button" class="button button-quiet" id="sr-print" disabled={!report || loading} onClick={() => window.print()}>
              {t('srPrint')}
            </button>
          </div>
        </form>
        {error ? (
          <p class="view-error" role="alert" id="sr-error">
            {error}
          </p>
        ) : null}
        {loading ? <p class="loading">{t('srLoading')}</p> : null}
      </div>
      {report ? <ReportBody report={report} /> : null}
    </section>
  );
}
