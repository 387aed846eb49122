import type { ComponentChildren } from 'preact';
import type { SatisfactionReport } from '../../app/satisfaction-report/analysis.js';
import type { Wire } from '../types.js';
import { useDesk } from '../desk.js';
import type { TextKey } from '../i18n/index.js';
import { describeEvent } from './event-words.js';
import { DistributionChart, MeanAndRateChart } from './satisfaction-charts.js';

/** The report as the API sends it (analysis.ts, dates as ISO strings). */
export type ReportData = Wire<SatisfactionReport>;
type Stats = ReportData['overall'];
type Event = ReportData['breaches'][number]['actions'][number];

const CLOCK_TEXT: Readonly<Record<string, TextKey>> = {
  response: 'clock_response',
  onSite: 'clock_onSite',
  repair: 'clock_repair',
  loaner: 'clock_loaner',
};
const SCORE_TEXT: readonly TextKey[] = ['satisfaction1', 'satisfaction2', 'satisfaction3', 'satisfaction4', 'satisfaction5'];

/** A report section: its title, kept with its first lines; each starts where the page allows (print.css). */
function Part({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="sr-part" id={id}>
      <h3 class="sr-part-title">{title}</h3>
      {children}
    </section>
  );
}

/** The printable report: summary, tables and charts by quarter, site and engineer, comments, low scores, breaches, visits. */
export function ReportBody({ report }: { report: ReportData }) {
  const desk = useDesk();
  const { t, lang, labels } = desk;
  const zone = desk.fmt.timeZone;
  const day = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: zone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  const date = (iso: string | null) => (iso ? day.format(new Date(iso)) : '');
  const time = (iso: string | null) => (iso ? stamp(iso, zone, lang) : '');
  const pct = (v: number | null) => (v === null ? t('srNone') : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
  const mean = (v: number | null) => (v === null ? t('srNone') : v.toFixed(2));
  const contractName = labels.local(report.contract.name);
  const clause = report.clause ? t('srClause', { clause: report.clause }) : '';
  const title =
    report.half === null
      ? t('srReportYear', { year: report.year })
      : t('srReportHalf', { year: report.year, half: t(report.half === 1 ? 'srHalf1' : 'srHalf2') });
  const o = report.overall;
  const events = (list: readonly Event[]) =>
    list
      .filter((e) => e.kind !== 'created')
      .map((e) => {
        const [what, why] = describeEvent(desk, { contractId: report.contract.id, severity: 'C', warranty: 'unknown' }, e);
        return `${time(e.at)} ${what}${why ? (lang === 'en' ? ` (${why})` : `（${why}）`) : ''}`;
      });

  const statsHead = (first: string) => (
    <thead>
      <tr>
        <th>{first}</th>
        <th class="num">{t('srAsked')}</th>
        <th class="num">{t('srAnswered')}</th>
        <th class="num">{t('srRate')}</th>
        <th class="num">{t('srMean')}</th>
        <th class="num">{t('srSatisfied')}</th>
        <th class="num">{t('srDissatisfied')}</th>
      </tr>
    </thead>
  );
  const statsRow = (key: string, name: string, s: Stats) => (
    <tr key={key}>
      <td>{name}</td>
      <td class="num">{s.asked}</td>
      <td class="num">{s.answered}</td>
      <td class="num">{pct(s.responseRate)}</td>
      <td class="num">{mean(s.mean)}</td>
      <td class="num">{pct(s.satisfied)}</td>
      <td class="num">{pct(s.dissatisfied)}</td>
    </tr>
  );
  const quarterName = (q: number) => t('srQuarter', { q });
  const sites = report.bySite;

  return (
    <article class="sr-report" id="sr-report" lang={lang}>
      <header class="sr-head">
        <h2 class="sr-title" id="sr-title">{`${title} — ${contractName}${clause}`}</h2>
        <p class="sr-meta">
          {t('srRange', { from: date(report.from), to: date(new Date(Date.parse(report.to) - 1).toISOString()), zone })}
          <span class="sr-sep"> · </span>
          {t('srGenerated', { at: `${date(report.generatedAt)} ${time(report.generatedAt).split(' ').pop() ?? ''}` })}
        </p>
      </header>

      <Part id="sr-summary" title={t('srSummary')}>
        <p class="sr-summary-text" id="sr-summary-text">
          {t('srSummaryText', {
            asked: o.asked,
            answered: o.answered,
            rate: pct(o.responseRate),
            mean: mean(o.mean),
            satisfied: pct(o.satisfied),
            dissatisfied: pct(o.dissatisfied),
            breaches: report.breaches.length,
            low: report.lowScores.length,
          })}
        </p>
        <dl class="sr-figures" id="sr-figures">
          {(
            [
              ['srAsked', String(o.asked)],
              ['srAnswered', String(o.answered)],
              ['srExpired', String(o.expired)],
              ['srRate', pct(o.responseRate)],
              ['srMean', mean(o.mean)],
              ['srSatisfied', pct(o.satisfied)],
              ['srDissatisfied', pct(o.dissatisfied)],
            ] as const
          ).map(([key, value]) => (
            <div class="sr-figure" key={key} data-figure={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <h4 class="sr-sub">{t('srDistribution')}</h4>
        <DistributionChart counts={o.distribution} labels={SCORE_TEXT.map((k) => t(k))} title={t('srCount')} />
      </Part>

      <Part id="sr-quarters" title={t('srByQuarter')}>
        <table class="sr-table" id="sr-quarter-table">
          {statsHead(t('srPeriod'))}
          <tbody>
            {report.byQuarter.map((q) => statsRow(String(q.quarter), quarterName(q.quarter), q.stats))}
            {statsRow('total', t('srTotal'), o)}
          </tbody>
        </table>
        <MeanAndRateChart
          id="sr-chart-quarters"
          groups={report.byQuarter.map((q) => quarterName(q.quarter))}
          means={report.byQuarter.map((q) => q.stats.mean)}
          rates={report.byQuarter.map((q) => q.stats.responseRate)}
          meanName={t('srChartMean')}
          rateName={t('srChartRate')}
        />
      </Part>

      <Part id="sr-sites" title={t('srBySite')}>
        <table class="sr-table" id="sr-site-table">
          {statsHead(t('srSite'))}
          <tbody>{sites.map((s) => statsRow(s.siteId ?? '-', s.site ?? t('srNoSite'), s.stats))}</tbody>
        </table>
        {sites.some((s) => s.stats.asked) ? (
          <MeanAndRateChart
            id="sr-chart-sites"
            groups={sites.filter((s) => s.stats.asked).map((s) => s.site ?? t('srNoSite'))}
            means={sites.filter((s) => s.stats.asked).map((s) => s.stats.mean)}
            rates={sites.filter((s) => s.stats.asked).map((s) => s.stats.responseRate)}
            meanName={t('srChartMean')}
            rateName={t('srChartRate')}
          />
        ) : null}
      </Part>

      <Part id="sr-engineers" title={t('srByEngineer')}>
        <table class="sr-table" id="sr-engineer-table">
          {statsHead(t('srEngineer'))}
          <tbody>{report.byEngineer.map((e) => statsRow(e.engineerId ?? '-', e.engineer ?? t('srNoEngineer'), e.stats))}</tbody>
        </table>
      </Part>

      <Part id="sr-comments" title={t('srComments')}>
        {report.comments.length ? (
          <table class="sr-table" id="sr-comment-table">
            <thead>
              <tr>
                <th>{t('srDate')}</th>
                <th>{t('srTicket')}</th>
                <th>{t('srSite')}</th>
                <th>{t('srScoreCol')}</th>
                <th>{t('srComment')}</th>
              </tr>
            </thead>
            <tbody>
              {report.comments.map((c) => (
                <tr key={c.ticketId}>
                  <td class="nowrap">{date(c.at)}</td>
                  <td class="nowrap">{c.ticketNumber}</td>
                  <td>{c.site ?? t('srNoSite')}</td>
                  <td class="nowrap">{t(SCORE_TEXT[c.score - 1] ?? 'srNone')}</td>
                  <td>{c.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="sr-empty">{t('srNoComments')}</p>
        )}
      </Part>

      <Part id="sr-low" title={t('srLowScores')}>
        {report.lowScores.length ? (
          <table class="sr-table" id="sr-low-table">
            <thead>
              <tr>
                <th>{t('srDate')}</th>
                <th>{t('srTicket')}</th>
                <th>{t('srSite')}</th>
                <th>{t('srScoreCol')}</th>
                <th>{t('srFollowUp')}</th>
              </tr>
            </thead>
            <tbody>
              {report.lowScores.map((l) => (
                <tr key={l.ticketId} data-reopened={String(l.reopened)}>
                  <td class="nowrap">{date(l.at)}</td>
                  <td class="nowrap">{l.ticketNumber}</td>
                  <td>{l.site ?? t('srNoSite')}</td>
                  <td class="nowrap">{t(SCORE_TEXT[l.score - 1] ?? 'srNone')}</td>
                  <td>
                    {l.comment ? <p class="sr-quote">「{l.comment}」</p> : null}
                    <p class="sr-status">{t(l.reopened ? 'srReopened' : 'srNotReopened')}</p>
                    <FollowUp lines={events(l.after)} none={t('srNoFollowUp')} />
                    {l.solution ? <p class="sr-solution">{t('srSolution', { text: l.solution })}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="sr-empty">{t('srNoLowScores')}</p>
        )}
      </Part>

      <Part id="sr-breaches" title={t('srBreaches')}>
        {report.breaches.length ? (
          <table class="sr-table" id="sr-breach-table">
            <thead>
              <tr>
                <th>{t('srTicket')}</th>
                <th>{t('srSite')}</th>
                <th>{t('srClock')}</th>
                <th>{t('srDue')}</th>
                <th>{t('srStopped')}</th>
                <th>{t('srActions')}</th>
              </tr>
            </thead>
            <tbody>
              {report.breaches.map((b) => (
                <tr key={`${b.ticketId}-${b.clock}`}>
                  <td class="nowrap">{b.ticketNumber}</td>
                  <td>{b.site ?? t('srNoSite')}</td>
                  <td class="nowrap">{t(CLOCK_TEXT[b.clock] ?? 'srNone')}</td>
                  <td class="nowrap">{time(b.dueAt)}</td>
                  <td class="nowrap">{b.stoppedAt ? time(b.stoppedAt) : t('srStillRunning')}</td>
                  <td>
                    <FollowUp lines={events(b.actions)} none={t('srNoFollowUp')} />
                    {b.solution ? <p class="sr-solution">{t('srSolution', { text: b.solution })}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="sr-empty">{t('srNoBreaches')}</p>
        )}
      </Part>

      <Part id="sr-feedback" title={t('srFeedback')}>
        {report.feedback.rounds.length ? (
          <table class="sr-table" id="sr-feedback-table">
            <thead>
              <tr>
                <th>{t('srRound')}</th>
                <th class="num">{t('srSites')}</th>
                <th class="num">{t('srWritten')}</th>
                <th class="num">{t('srUndelivered')}</th>
                <th class="num">{t('srAnsweredVisits')}</th>
                <th class="num">{t('srAnswerOk')}</th>
                <th class="num">{t('srAnswerFault')}</th>
                <th class="num">{t('srAnswerCall')}</th>
                <th class="num">{t('srCalled')}</th>
              </tr>
            </thead>
            <tbody>
              {[...report.feedback.rounds, { roundOn: t('srTotal'), ...report.feedback.total }].map((r) => (
                <tr key={r.roundOn}>
                  <td class="nowrap">{r.roundOn}</td>
                  <td class="num">{r.sites}</td>
                  <td class="num">{r.written}</td>
                  <td class="num">{r.undelivered}</td>
                  <td class="num">{r.answered}</td>
                  <td class="num">{r.answers.ok}</td>
                  <td class="num">{r.answers.fault}</td>
                  <td class="num">{r.answers.call}</td>
                  <td class="num">{r.called}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="sr-empty">{t('srNoFeedback')}</p>
        )}
      </Part>
      <SignOff />
    </article>
  );
}

/** The lines the report is signed on when it is handed over: who made it, and the customer's receipt. */
function SignOff() {
  const { t } = useDesk();
  return (
    <footer class="sr-signoff" id="sr-signoff">
      {[t('srPreparedBy'), t('srReceivedBy')].map((who) => (
        <p class="sr-sign" key={who}>
          <span>{who}</span>
          <span class="sr-sign-line" />
          <span>{t('srSignDate')}</span>
          <span class="sr-sign-line" />
        </p>
      ))}
    </footer>
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A moment in the report's year, short: "1月29日 11:30" / "29 Jan 11:30" (the year is the report's). */
function stamp(iso: string, timeZone: string, lang: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const p of format.formatToParts(new Date(iso))) parts[p.type] = p.value;
  const time = `${parts.hour ?? '00'}:${parts.minute ?? '00'}`;
  return lang === 'en' ? `${parts.day} ${MONTHS[Number(parts.month) - 1] ?? ''} ${time}` : `${parts.month}月${parts.day}日 ${time}`;
}

function FollowUp({ lines, none }: { lines: readonly string[]; none: string }) {
  if (!lines.length) return <p class="sr-muted">{none}</p>;
  return (
    <ul class="sr-events">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
