import { useEffect, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, Options, refusal } from '../components.js';
import { useDesk } from '../desk.js';
import type { TextKey } from '../i18n/index.js';
import { href } from '../router.js';
import type { InspectionRow } from '../types.js';

const STATES = ['due', 'overdue', 'planned', 'in_progress', 'done', 'cancelled'] as const;
type State = (typeof STATES)[number];

/** The pill of where an inspection stands today (due soon, overdue, done…). */
export function StatePill({ state }: { state: InspectionRow['state'] }) {
  const { t } = useDesk();
  return <span class={`pill insp-state insp-state-${state}`}>{t(`state_${state}` as TextKey)}</span>;
}

/**
 * Inspections (GX-EDU 5.17, CG-CULTURE 4.5.1): every planned, due, overdue, running and finished
 * one, by due date, filtered by where it stands and by site; each opens its page.
 */
export function Inspections() {
  const desk = useDesk();
  const { t, meta } = desk;
  const [state, setState] = useState<State | ''>(() => (desk.remembered.get('inspections.state') as State | undefined) ?? '');
  const [site, setSite] = useState(() => (desk.remembered.get('inspections.site') as string | undefined) ?? '');
  const [rows, setRows] = useState<readonly InspectionRow[] | null>(null);
  const [error, setError] = useState<Note>(NO_NOTE);

  useEffect(() => {
    desk.remembered.set('inspections.state', state);
    desk.remembered.set('inspections.site', site);
    const params = new URLSearchParams();
    if (state) params.set('state', state);
    if (site) params.set('site', site);
    let gone = false;
    desk.api
      .get<{ inspections: InspectionRow[] }>(`/inspections?${params}`)
      .then((data) => {
        if (gone) return;
        setRows(data.inspections);
        setError(NO_NOTE);
      })
      .catch((e: unknown) => {
        if (!isExpired(e) && !gone) setError(refusal(t('loadFailed', { message: describe(e, t) })));
      });
    return () => void (gone = true);
  }, [state, site, desk.tick]);

  return (
    <section class="inspections-view">
      <div class="view-head">
        <h2 class="view-title">{t('inspectionsTitle')}</h2>
      </div>
      <p class="view-hint">{t('inspectionsHint')}</p>
      <div class="filters insp-filters">
        <Field label={t('inspState')}>
          <select class="select" id="insp-state" value={state} onChange={(e) => setState(e.currentTarget.value as State | '')}>
            <Options choices={[{ value: '', label: t('inspAllStates') }, ...STATES.map((s) => ({ value: s, label: t(`state_${s}`) }))]} />
          </select>
        </Field>
        <Field label={t('inspSite')}>
          <select class="select" id="insp-site" value={site} onChange={(e) => setSite(e.currentTarget.value)}>
            <Options choices={[{ value: '', label: t('inspAllSites') }, ...meta.sites.map((s) => ({ value: s.id, label: s.label }))]} />
          </select>
        </Field>
      </div>
      <Message class="view-message" id="insp-error" note={error} />
      {rows?.length === 0 ? <p class="muted">{t('inspNone')}</p> : null}
      {rows && rows.length > 0 ? (
        <table class="table insp-table" id="insp-table">
          <thead>
            <tr>
              <th>{t('inspNumber')}</th>
              <th>{t('inspSite')}</th>
              <th>{t('inspDue')}</th>
              <th>{t('inspState')}</th>
              <th>{t('inspEngineer')}</th>
              <th>{t('inspProgress')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-id={row.id} data-state={row.state}>
                <td>
                  <a href={href('inspections', row.id)} class="mono">
                    {row.number}
                  </a>
                </td>
                <td>
                  {row.siteName} <span class="muted">{`${row.contractId} ${row.clause}`}</span>
                </td>
                <td class="mono">{row.dueOn}</td>
                <td>
                  <StatePill state={row.state} />
                </td>
                <td>{row.engineerName ?? <span class="muted">{t('inspUnassigned')}</span>}</td>
                <td>
                  {t('inspProgressValue', { checked: row.progress.checked, total: row.progress.total })}
                  {row.progress.faults > 0 ? (
                    <span class="pill insp-fault-pill">{t('inspFaults', { count: row.progress.faults })}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
