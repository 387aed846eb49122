import { addDays, addMonths, formatLocalDate, localDateOf, parseLocalDate } from './calendar.js';
import type { Contract } from './contract.js';

/** An asset's warranty as the register shows it. */
export interface AssetWarranty {
  /** Months of warranty: the asset's own, or the contract's. */
  readonly months: number;
  /** The first day no longer covered ("YYYY-MM-DD", the contract's zone). */
  readonly ends: string;
  /** The last day covered. */
  readonly lastDay: string;
  /** The contract's warranty clause ("5.1"). */
  readonly clause: string;
  /** Whole days from today until `ends` (0: today is the first day out; negative: ended that long ago). */
  readonly daysLeft: number;
}

const DAY_MS = 86_400_000;

/**
 * When an asset's warranty ends (SERVICE_TERMS.md: acceptance date plus the asset's warranty
 * months, or the contract's), and how many days are left on `now`'s date. Null when the acceptance
 * date is not a date.
 */
export function assetWarranty(
  asset: { readonly acceptedAt: string; readonly warrantyMonths: number | null },
  contract: Pick<Contract, 'timeZone' | 'warranty'>,
  now: Date,
): AssetWarranty | null {
  const accepted = parseLocalDate(asset.acceptedAt, contract.timeZone);
  if (!accepted) return null;
  const months = asset.warrantyMonths ?? contract.warranty.months;
  const end = addMonths(accepted, months);
  const today = localDateOf(now, contract.timeZone);
  const utc = (d: { year: number; month: number; day: number }) => Date.UTC(d.year, d.month - 1, d.day);
  return {
    months,
    ends: formatLocalDate(end),
    lastDay: formatLocalDate(addDays(end, -1)),
    clause: contract.warranty.clause,
    daysLeft: Math.round((utc(end) - utc(today)) / DAY_MS),
  };
}
