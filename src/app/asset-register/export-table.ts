import type { Desk } from '../../catalog/desk.js';
import { formatLocalDate, localDateOf } from '../../domain/calendar.js';
import type { Lang, LocalText } from '../../domain/i18n.js';
import type { SheetTable } from '../reports/export.js';
import { deviceLabel } from '../present.js';
import type { ShownAsset } from './register-desk.js';

const COLUMNS: readonly LocalText[] = [
  { 'zh-CN': '资产编号', en: 'Tag' },
  { 'zh-CN': '类型', en: 'Kind' },
  { 'zh-CN': '型号', en: 'Model' },
  { 'zh-CN': '序列号', en: 'Serial' },
  { 'zh-CN': '学校', en: 'School' },
  { 'zh-CN': '教室', en: 'Room' },
  { 'zh-CN': '合同', en: 'Contract' },
  { 'zh-CN': '验收日期', en: 'Accepted on' },
  { 'zh-CN': '质保月数', en: 'Warranty months' },
  { 'zh-CN': '质保截止', en: 'Warranty through' },
  { 'zh-CN': '剩余天数', en: 'Days left' },
  { 'zh-CN': '报废日期', en: 'Retired on' },
];
const TITLE: LocalText = { 'zh-CN': '设备台账', en: 'Asset register' };

/** The register as a table to export: the headers and device kinds in the language asked. */
export function registerTable(assets: readonly ShownAsset[], desk: Desk, lang: Lang): SheetTable {
  return {
    title: TITLE[lang],
    columns: COLUMNS.map((c) => c[lang]),
    rows: assets.map((a) => [
      a.tag,
      deviceLabel(desk, a.kind)[lang],
      a.model,
      a.serial,
      a.site.name,
      a.room?.name ?? null,
      a.contractId,
      a.acceptedOn,
      // The asset's own months (blank: its contract's), so that the export reads back in unchanged.
      a.warrantyMonths,
      a.warranty?.lastDay ?? null,
      a.warranty?.daysLeft ?? null,
      a.retiredAt ? formatLocalDate(localDateOf(a.retiredAt, desk.desk.timeZone)) : null,
    ]),
  };
}

/** The export's file name: "设备台账-2026-11-30.csv" / "asset-register-2026-11-30.xlsx". */
export function registerFileName(lang: Lang, today: string, ext: 'csv' | 'xlsx'): string {
  return `${lang === 'en' ? 'asset-register' : '设备台账'}-${today}.${ext}`;
}
