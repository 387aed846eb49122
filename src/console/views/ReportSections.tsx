import type { Wire } from '../types.js';
import type { Report } from '../../app/reports/report.js';
import type { ComponentChildren } from 'preact';
import { API } from '../api.js';
import { useDesk } from '../desk.js';
import type { TextKey } from '../i18n/index.js';
import { href } from '../router.js';
import { barsOption, ReportChart } from './ReportChart.js';

/** A report as the console receives it (dates as strings). */
export type ReportJson = Wire<Report>;

type Cell = string | number | ComponentChildren;
/** A clock in the words of the ticket page and of the exports (响应, 上门, 修复, 备用机). */
const CLOCK_TEXT = { response: 'clock_response', onSite: 'clock_onSite', repair: 'clock_repair', loaner: 'clock_loaner' } as const;
/** A handling time: from the report to the first response, to the arrival, to the repair (as the export's). */
const DURATION_TEXT = { response: 'repResponse', onSite: 'repOnSite', repair: 'repRepair' } as const;
const STATES = [
  ['met', 'repMet', '#3aa57a'],
  ['breached', 'repBreached', '#d9534f'],
  ['running', 'repRunning', '#2f6fde'],
  ['paused', 'repPaused', '#e0a030'],
  ['not_needed', 'repNotNeeded', '#b8c0cc'],
] as const;
const VISIT_TEXT = { done: 'repVisitDone', waiting: 'repVisitWaiting', missed: 'repVisitMissed' } as const;
const INSPECTION_TEXT = { done: 'repInspDone', due: 'repInspDue', overdue: 'repInspOverdue', cancelled: 'repInspCancelled' } as const;

/** A table of the report with its CSV and XLSX downloads (in the console's language). */
function Section(props: { title: string; table: string; query: string; wide?: boolean; children: ComponentChildren }) {
  const { lang } = useDesk();
  const link = (ext: 'csv' | 'xlsx') => `${API}/reports/${props.table}.${ext}?${props.query}&lang=${encodeURIComponent(lang)}`;
  return (
    <section class={`card report-section${props.wide ? ' wide' : ''}`} id={`report-${props.table}`}>
      <div class="report-section-head">
        <h3 class="card-title">{props.title}</h3>
        <span class="report-downloads">
          <a class="button button-small" href={link('csv')} download data-export="csv">
            CSV
          </a>
          <a class="button button-small" href={link('xlsx')} download data-export="xlsx">
            XLSX
          </a>
        </span>
      </div>
      {props.children}
    </section>
  );
}

function Table({ columns, rows }: { columns: readonly string[]; rows: readonly (readonly Cell[])[] }) {
  const { t } = useDesk();
  if (rows.length === 0) return <p class="muted">{t('repNoData')}</p>;
  return (
    <div class="report-table-wrap">
      <table class="report-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's sections: counts, clocks, times, first aid, satisfaction, return visits, inspections. */
export function ReportSections({ report, query }: { report: ReportJson; query: string }) {
  const { t, labels, fmt } = useDesk();
  const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);
  const hours = (ms: number | null) => (ms === null ? '—' : fmt.duration(ms));
  const sat = report.satisfaction;
  const groups = (
    table: string,
    title: TextKey,
    items: readonly { key: string; count: number; name?: string }[],
    name: (g: { key: string; name?: string }) => string,
  ) => {
    const names = items.map(name);
    return (
      <Section title={t(title)} table={table} query={query}>
        {report.tickets > 0 ? (
          <ReportChart
            option={barsOption(
              names,
              items.map((g) => g.count),
              t('repTickets'),
            )}
            height={Math.max(120, items.length * 34 + 30)}
            label={t(title)}
          />
        ) : null}
        <Table columns={[t(title), t('repTickets')]} rows={items.map((g, i) => [names[i], g.count])} />
      </Section>
    );
  };
  return (
    <div class="report-body" id="report-body" data-tickets={report.tickets}>
      <div class="report-figures">
        {[
          ['repTickets', String(report.tickets), 'sum-tickets'],
          ['repBreachCount', String(report.breaches.length), 'sum-breaches'],
          ['repFirstAidShare', percent(report.firstAid.share), 'sum-first-aid'],
          ['repSatisfactionMean', sat.mean === null ? '—' : sat.mean.toFixed(2), 'sum-satisfaction'],
        ].map(([key, value, id]) => (
          <div class="card report-figure" key={id} id={id}>
            <span class="report-figure-value">{value}</span>
            <span class="muted">{t(key as TextKey)}</span>
          </div>
        ))}
      </div>
      <div class="report-grid">
        {groups('severity', 'repSeverity', report.bySeverity, (g) => labels.severity(g.key, report.contractId ?? undefined))}
        {groups('device', 'repDevice', report.byDevice, (g) => (g.key === 'unknown' ? t('repUnknown') : labels.device(g.key)))}
        {groups('symptom', 'repSymptom', report.bySymptom, (g) => (g.key === 'unknown' ? t('repUnknown') : labels.fact('symptom', g.key)))}
        {groups('site', 'repSiteTitle', report.bySite, (g) => g.name || t('repNoSite'))}
        <Section title={t('repClocks')} table="clocks" query={query} wide>
          {report.tickets > 0 ? (
            <ReportChart
              label={t('repClocks')}
              height={220}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { top: 0 },
                grid: { left: 8, right: 24, top: 36, bottom: 8 },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', data: [...report.clocks].reverse().map((c) => t(CLOCK_TEXT[c.key])) },
                series: STATES.map(([state, text, color]) => ({
                  name: t(text),
                  type: 'bar',
                  stack: 'all',
                  color,
                  barMaxWidth: 26,
                  data: [...report.clocks].reverse().map((c) => c[state]),
                })),
              }}
            />
          ) : null}
          <Table
            columns={[t('repClock'), ...STATES.map(([, text]) => t(text))]}
            rows={report.clocks.map((c) => [t(CLOCK_TEXT[c.key]), ...STATES.map(([s]) => c[s])])}
          />
        </Section>
        <Section title={t('repBreaches')} table="breaches" query={query} wide>
          <Table
            columns={[t('repTicket'), t('repSite'), t('repClock'), t('repDue'), t('repStopped'), t('repLate')]}
            rows={report.breaches.map((b) => [
              <a href={href('tickets', b.ticketId)}>{b.number}</a>,
              b.site ?? t('repNoSite'),
              t(CLOCK_TEXT[b.clock]),
              fmt.time(b.dueAt),
              b.stoppedAt ? fmt.time(b.stoppedAt) : t('repStillOpen'),
              hours(b.lateMs),
            ])}
          />
        </Section>
        <Section title={t('repDurations')} table="durations" query={query}>
          <Table
            columns={[t('repMeasure'), t('repCount'), t('repMedian'), t('repP90')]}
            rows={report.durations.map((d) => [t(DURATION_TEXT[d.key]), d.count, hours(d.median), hours(d.p90)])}
          />
        </Section>
        <Section title={t('repFirstAid')} table="first-aid" query={query}>
          <Table
            columns={[t('repSolved'), t('repTickets'), t('repShare')]}
            rows={[[report.firstAid.solved, report.firstAid.tickets, percent(report.firstAid.share)]]}
          />
        </Section>
        <Section title={t('repSatisfaction')} table="satisfaction" query={query}>
          {sat.answered > 0 ? (
            <ReportChart
              label={t('repSatisfaction')}
              height={200}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 16, top: 16, bottom: 8 },
                xAxis: { type: 'category', data: sat.levels.map((l) => t('repScoreLevel', { score: l.score })) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  {
                    name: t('repCount'),
                    type: 'bar',
                    barMaxWidth: 36,
                    data: sat.levels.map((l) => l.count),
                    label: { show: true, position: 'top' },
                  },
                ],
              }}
            />
          ) : null}
          <Table columns={[t('repScore'), t('repCount')]} rows={sat.levels.map((l) => [l.score, l.count])} />
        </Section>
        <Section title={t('repTrend')} table="trend" query={query}>
          {sat.trend.length > 0 ? (
            <ReportChart
              label={t('repTrend')}
              height={200}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 24, top: 16, bottom: 8 },
                xAxis: { type: 'category', data: sat.trend.map((m) => m.month) },
                yAxis: { type: 'value', min: 1, max: 5 },
                series: [
                  { name: t('repMean'), type: 'line', data: sat.trend.map((m) => Math.round(m.mean * 100) / 100), label: { show: true } },
                ],
              }}
            />
          ) : null}
          <Table
            columns={[t('repMonth'), t('repAnswered'), t('repMean')]}
            rows={sat.trend.map((m) => [m.month, m.answered, m.mean.toFixed(2)])}
          />
        </Section>
        <Section title={t('repComments')} table="comments" query={query} wide>
          <Table
            columns={[t('repTicket'), t('repSite'), t('repScore'), t('repComment'), t('repAt')]}
            rows={sat.comments.map((c) => [
              <a href={href('tickets', c.ticketId)}>{c.number}</a>,
              c.site ?? t('repNoSite'),
              c.score,
              c.comment,
              fmt.time(c.at),
            ])}
          />
        </Section>
        <Section title={t('repVisits')} table="visits" query={query} wide>
          <p class="report-totals">
            {(['done', 'waiting', 'missed'] as const).map((k) => `${t(VISIT_TEXT[k])} ${report.visits.totals[k]}`).join(' · ')}
          </p>
          <Table
            columns={[
              t('repSite'),
              t('repRound'),
              t('repWritten'),
              t('repAnswered'),
              t('repUndelivered'),
              t('repNoAnswer'),
              t('repCalled'),
              t('repResult'),
            ]}
            rows={report.visits.rounds.map((r) => [
              r.site,
              r.roundOn,
              r.written,
              r.answered,
              r.undelivered,
              r.noAnswer,
              r.called,
              <span data-result={r.result}>{t(VISIT_TEXT[r.result])}</span>,
            ])}
          />
        </Section>
        <Section title={t('repInspections')} table="inspections" query={query} wide>
          <p class="report-totals">
            {(['done', 'due', 'overdue', 'cancelled'] as const)
              .map((k) => `${t(INSPECTION_TEXT[k])} ${report.inspections.totals[k]}`)
              .join(' · ')}
          </p>
          <Table
            columns={[t('repInspection'), t('repSite'), t('repDueOn'), t('repState'), t('repCompleted')]}
            rows={report.inspections.list.map((i) => [
              i.number,
              i.site,
              i.dueOn,
              <span data-state={i.state}>{t(INSPECTION_TEXT[i.state])}</span>,
              i.completedAt ? fmt.time(i.completedAt) : '',
            ])}
          />
        </Section>
      </div>
    </div>
  );
}
