import { assetWarranty } from './asset-warranty.js';
import { addDays, type LocalDate, localDateOf, startOfLocalDate } from './calendar.js';
import type { Contract } from './contract.js';

/** The horizons of the digest, in days: "ends within 30, 60 and 90 days" (each counts those of the shorter ones too). */
export const DIGEST_HORIZONS = [30, 60, 90] as const;

/** An asset of the register as the digest needs it. */
export interface DigestAsset {
  readonly siteId: string;
  readonly siteName: string;
  readonly contractId: string;
  readonly acceptedAt: string;
  readonly warrantyMonths: number | null;
}

/** One school's line: how many of its assets' warranties end within each horizon. */
export interface DigestLine {
  readonly siteId: string;
  readonly siteName: string;
  readonly within: Readonly<Record<(typeof DIGEST_HORIZONS)[number], number>>;
}

/**
 * The schools whose assets' warranties end within 90 days of `now` (still covered today, last
 * covered day at most 90 days on), by school name; none when nothing ends that soon.
 */
export function warrantyDigest(assets: readonly DigestAsset[], contracts: ReadonlyMap<string, Contract>, now: Date): DigestLine[] {
  const bySite = new Map<string, { siteName: string; within: Record<number, number> }>();
  for (const asset of assets) {
    const contract = contracts.get(asset.contractId);
    const warranty = contract ? assetWarranty(asset, contract, now) : null;
    if (!warranty || warranty.daysLeft <= 0 || warranty.daysLeft > 90) continue;
    const line = bySite.get(asset.siteId) ?? { siteName: asset.siteName, within: { 30: 0, 60: 0, 90: 0 } };
    for (const days of DIGEST_HORIZONS) if (warranty.daysLeft <= days) line.within[days] = (line.within[days] ?? 0) + 1;
    bySite.set(asset.siteId, line);
  }
  return [...bySite]
    .map(([siteId, l]) => ({
      siteId,
      siteName: l.siteName,
      within: { 30: l.within[30] ?? 0, 60: l.within[60] ?? 0, 90: l.within[90] ?? 0 },
    }))
    .sort((a, b) => a.siteName.localeCompare(b.siteName, 'zh-CN'));
}

const isWeekday = (d: LocalDate) => {
  const day = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return day !== 0 && day !== 6;
};

/** The digest's moment in a month: its first working day (Monday to Friday) at 09:00 in the zone. */
export function digestMoment(month: { readonly year: number; readonly month: number }, timeZone: string): Date {
  let day: LocalDate = { year: month.year, month: month.month, day: 1 };
  while (!isWeekday(day)) day = addDays(day, 1);
  return new Date(startOfLocalDate(day, timeZone).getTime() + 9 * 3_600_000);
}

/** The month of `now` in the zone, and its key ("2026-11"). */
export function digestMonth(now: Date, timeZone: string): { readonly year: number; readonly month: number; readonly key: string } {
  const today = localDateOf(now, timeZone);
  return { year: today.year, month: today.month, key: `${today.year}-${String(today.month).padStart(2, '0')}` };
}
