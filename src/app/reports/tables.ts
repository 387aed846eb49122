import type { ContractSet } from '../../catalog/contracts.js';
import type { Desk } from '../../catalog/desk.js';
import { Severity } from '../../domain/contract.js';
import { formatInstant } from '../../domain/calendar.js';
import type { Lang } from '../../domain/i18n.js';
import { REPORT_ZONE } from '../../domain/reports/range.js';
import { deviceLabel } from '../present.js';
import type { Report } from './report.js';
import { REPORT_TEXTS } from './report-texts.js';

/** The tables of a report, each exported as CSV and XLSX (the names are the URLs' file names). */
export const REPORT_TABLES = [
  'severity',
  'device',
  'symptom',
  'site',
  'clocks',
  'breaches',
  'durations',
  'first-aid',
  'satisfaction',
  'trend',
  'comments',
  'visits',
  'inspections',
] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

/** A share (0.1 for 10 %): "10%" in a CSV (as Excel reads it), a number formatted as a percentage in a workbook. */
export interface Percent {
  readonly percent: number;
}
export type Cell = string | number | Percent | null;

export interface ReportTable {
  readonly name: ReportTableName;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export function isReportTable(name: string): name is ReportTableName {
  return (REPORT_TABLES as readonly string[]).includes(name);
}

const HOUR = 3_600_000;
/** Hours with two decimals (a spreadsheet sums them); null stays empty. */
const hours = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / HOUR) * 100) / 100);
/** An instant as local time in Asia/Shanghai: "2026-11-03 14:05". */
export const localTime = (iso: string | null): string | null =>
  iso ? formatInstant(new Date(iso), REPORT_ZONE).slice(0, 16).replace('T', ' ') : null;

/**
 * A severity named as on the reports page: by the report's contract, or by the first contract that
 * names it when the report spans contracts ("A级（紧急）"); the bare level if none does.
 */
function severityLabel(contracts: ContractSet, contractId: string | null, level: string, lang: Lang): string {
  const severity = Severity.safeParse(level);
  if (!severity.success) return level;
  const contract = (contractId ? contracts.get(contractId) : undefined) ?? [...contracts.values()][0];
  return contract?.severity.levels[severity.data].name[lang] ?? level;
}

/** One table of the report, its words in `lang`. */
export function reportTable(report: Report, name: ReportTableName, lang: Lang, desk: Desk, contracts: ContractSet): ReportTable {
  const x = REPORT_TEXTS[lang];
  const c = x.columns;
  const table = (columns: readonly string[], rows: readonly (readonly Cell[])[]): ReportTable => ({
    name,
    title: x.titles[name],
    columns,
    rows,
  });
  const symptoms: Partial<Record<string, Readonly<Record<Lang, string>>>> = desk.labels.facts.values.symptom;
  switch (name) {
    case 'severity':
      return table(
        [c.severity, c.tickets],
        report.bySeverity.map((g) => [severityLabel(contracts, report.contractId, g.key, lang), g.count]),
      );
    case 'device':
      return table(
        [c.device, c.tickets],
        report.byDevice.map((g) => [g.key === 'unknown' ? x.unknown : deviceLabel(desk, g.key)[lang], g.count]),
      );
    case 'symptom':
      return table(
        [c.symptom, c.tickets],
        report.bySymptom.map((g) => [symptoms[g.key]?.[lang] ?? x.unknown, g.count]),
      );
    case 'site':
      return table(
        [c.site, c.tickets],
        report.bySite.map((g) => [g.name || x.noSite, g.count]),
      );
    case 'clocks':
      return table(
        [c.clock, c.met, c.breached, c.running, c.paused, c.not_needed],
        report.clocks.map((k) => [x.clocks[k.key], k.met, k.breached, k.running, k.paused, k.not_needed]),
      );
    case 'breaches':
      return table(
        [c.number, c.site, c.clock, c.dueAt, c.stoppedAt, c.lateHours],
        report.breaches.map((b) => [
          b.number,
          b.site ?? x.noSite,
          x.clocks[b.clock],
          localTime(b.dueAt),
          localTime(b.stoppedAt),
          hours(b.lateMs),
        ]),
      );
    case 'durations':
      return table(
        [c.measure, c.count, c.medianHours, c.p90Hours],
        report.durations.map((d) => [x.durations[d.key], d.count, hours(d.median), hours(d.p90)]),
      );
    case 'first-aid':
      return table(
        [c.firstAidSolved, c.tickets, c.share],
        [
          [
            report.firstAid.solved,
            report.firstAid.tickets,
            report.firstAid.share === null ? null : { percent: Math.round(report.firstAid.share * 1000) / 1000 },
          ],
        ],
      );
    case 'satisfaction':
      return table(
        [c.score, c.count],
        report.satisfaction.levels.map((l) => [l.score, l.count]),
      );
    case 'trend':
      return table(
        [c.month, c.answered, c.mean],
        report.satisfaction.trend.map((m) => [m.month, m.answered, Math.round(m.mean * 100) / 100]),
      );
    case 'comments':
      return table(
        [c.number, c.site, c.score, c.comment, c.at],
        report.satisfaction.comments.map((m) => [m.number, m.site ?? x.noSite, m.score, m.comment, localTime(m.at)]),
      );
    case 'visits':
      return table(
        [c.site, c.roundOn, c.written, c.answered, c.undelivered, c.noAnswer, c.called, c.result],
        report.visits.rounds.map((r) => [
          r.site,
          r.roundOn,
          r.written,
          r.answered,
          r.undelivered,
          r.noAnswer,
          r.called,
          x.visitResults[r.result],
        ]),
      );
    case 'inspections':
      return table(
        [c.inspection, c.site, c.dueOn, c.state, c.completedAt],
        report.inspections.list.map((i) => [i.number, i.site, i.dueOn, x.inspectionStates[i.state], localTime(i.completedAt)]),
      );
  }
}

/** The download's file name: "报表-severity-2026-11-01-2026-11-30.csv". */
export function reportFileName(report: Report, name: ReportTableName, lang: Lang, ext: 'csv' | 'xlsx'): string {
  return `${REPORT_TEXTS[lang].file}-${name}-${report.range.from}-${report.range.to}.${ext}`;
}
