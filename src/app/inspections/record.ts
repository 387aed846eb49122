import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { fill, type Lang } from '../../domain/i18n.js';
import { formatInstant } from '../../domain/calendar.js';
import { resultLabel } from './buttons.js';
import type { InspectionView } from './view.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The record's A4 print sheet (a file of its own: the pages' CSP allows no inline style): margins, a table that breaks between rows, the sign-off kept together. */
export const RECORD_STYLE = `
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; margin: 0; font-size: 10.5pt; line-height: 1.45; }
main { max-width: 182mm; margin: 0 auto; padding: 10mm 0; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 0.3em; margin: 0 0 2mm; }
.contract { text-align: center; margin: 0 0 5mm; color: #333; }
dl { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 1.5mm 4mm; margin: 0 0 5mm; }
dt { font-weight: 600; white-space: nowrap; }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.3mm solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
th.no { width: 10mm; }
th.item { width: 32mm; }
th.where { width: 36mm; }
th.result { width: 15mm; }
th.ticket { width: 28mm; }
td.no { text-align: center; }
td { overflow-wrap: anywhere; }
td.note, .summary p { white-space: pre-line; }
td.result { white-space: nowrap; font-weight: 600; }
td.fault { color: #b00; }
td.ticket { white-space: nowrap; font-size: 9.5pt; }
.hint { color: #555; font-size: 9pt; }
.summary { margin: 5mm 0; overflow-wrap: anywhere; }
.summary p { margin: 1mm 0; }
.sign { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; margin-top: 12mm; break-inside: avoid; page-break-inside: avoid; }
.sign div { border-bottom: 0.3mm solid #111; padding-bottom: 9mm; }
.toolbar { text-align: right; margin-bottom: 4mm; }
.toolbar button { font: inherit; padding: 1.5mm 5mm; }
@media print { .toolbar { display: none; } main { padding: 0; } }
`;

/**
 * The written inspection record (GX-EDU 5.17 巡检记录, CG-CULTURE 4.5.1 书面报告) as a page that
 * prints on A4: the number, the site, the contract and clause, the dates and the engineer, each
 * line with its result, note, asset and room and the ticket it opened, the summary, and the
 * sign-off lines of the customer and the engineer. In the desk's language by default (zh-CN).
 */
export function recordHtml(catalog: Catalog, view: InspectionView, lang: Lang, assets = '/api/console'): string {
  const t = (id: LabelText, values: Readonly<Record<string, string | number>> = {}) => fill(catalog.desk.labels.texts[id][lang], values);
  const tz = catalog.contracts.get(view.contractId)?.timeZone ?? catalog.desk.desk.timeZone;
  const time = (d: Date | null) => (d ? formatInstant(d, tz).slice(0, 16).replace('T', ' ') : '—');
  const devices = catalog.desk.labels.devices as Readonly<Record<string, { 'zh-CN': string; en: string }>>;
  const rows = view.lines
    .map((line) => {
      const where = line.assetId
        ? [line.assetTag, line.assetKind ? devices[line.assetKind]?.[lang] : null, line.room].filter(Boolean).join(' · ')
        : t('record_site_wide');
      const result = line.result ? resultLabel(catalog, line.result, lang) : t('record_unchecked');
      return `<tr>
  <td class="no">${line.index + 1}</td>
  <td>${escape(line.name[lang])}${line.hint ? `<div class="hint">${escape(line.hint[lang])}</div>` : ''}</td>
  <td>${escape(where)}</td>
  <td class="result${line.result === 'fault' ? ' fault' : ''}">${escape(result)}</td>
  <td class="note">${escape(line.note ?? '')}</td>
  <td class="ticket">${escape(line.ticketNumber ?? '')}</td>
</tr>`;
    })
    .join('\n');
  const colon = lang === 'zh-CN' ? '：' : ':';
  const p = view.progress;
  const notes = view.lines.filter((l) => l.result === 'note').length;
  const counts = t('record_counts', {
    count: p.total,
    ok: p.checked - p.faults - notes,
    faults: p.faults,
    notes,
    left: p.total - p.checked,
  });
  const status = t(`record_status_${view.status}`);
  const contract = [view.contractName?.[lang], view.clauseText?.[lang]].filter(Boolean).join(' — ');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${escape(t('record_title'))} ${escape(view.number)}</title>
<link rel="stylesheet" href="${assets}/inspection-record.css">
<script src="${assets}/inspection-record.js" defer></script>
</head>
<body>
<main>
<div class="toolbar"><button type="button" id="print">${escape(t('record_print'))}</button></div>
<h1>${escape(t('record_title'))}</h1>
<p class="contract">${escape(contract)}</p>
<dl>
  <dt>${escape(t('record_number'))}</dt><dd>${escape(view.number)}</dd>
  <dt>${escape(t('record_site'))}</dt><dd>${escape(view.siteName)}</dd>
  <dt>${escape(t('record_contract'))}</dt><dd>${escape(`${view.contractId} ${view.clause}`)}</dd>
  <dt>${escape(t('record_due'))}</dt><dd>${escape(view.dueOn)}</dd>
  <dt>${escape(t('record_started'))}</dt><dd>${escape(time(view.startedAt))}</dd>
  <dt>${escape(t('record_completed'))}</dt><dd>${escape(time(view.completedAt))}</dd>
  <dt>${escape(t('record_engineer'))}</dt><dd>${escape(view.engineerName ?? '—')}</dd>
  <dt>${escape(t('record_status'))}</dt><dd>${escape(status)}</dd>
</dl>
<table>
<thead><tr><th class="no">${escape(t('record_col_no'))}</th><th class="item">${escape(t('record_col_item'))}</th><th class="where">${escape(t('record_col_where'))}</th><th class="result">${escape(t('record_col_result'))}</th><th class="note">${escape(t('record_col_note'))}</th><th class="ticket">${escape(t('record_col_ticket'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<section class="summary">
<p><strong>${escape(t('record_summary'))}${lang === 'zh-CN' ? '：' : ': '}</strong>${escape(counts)}</p>
${view.summary ? `<p>${escape(view.summary)}</p>` : ''}
</section>
<section class="sign">
  <div>${escape(t('record_sign_customer'))}${colon}</div>
  <div>${escape(t('record_sign_date'))}${colon}</div>
  <div>${escape(t('record_sign_engineer'))}${colon}</div>
  <div>${escape(t('record_sign_date'))}${colon}</div>
</section>
</main>
</body>
</html>
`;
}

/** The record's one script (a file: no inline script under the CSP): its Print button prints. */
export const RECORD_SCRIPT = `document.getElementById('print')?.addEventListener('click', () => window.print());\n`;
