import type { AssetFacts } from './asset.js';
import { addDays, addMonths, formatLocalDate, type LocalDate, parseLocalDate, startOfLocalDate } from './calendar.js';
import type { Contract, WarrantyDecision } from './contract.js';
import type { Facts } from './facts.js';
import { localText } from './i18n.js';
import { type Reason, reason } from './reason.js';

export interface WarrantyResult {
  readonly decision: WarrantyDecision;
  readonly billable: boolean;
  readonly reasons: readonly Reason[];
  /** Price of the accessory from the contract's price list, when it is listed. */
  readonly price?: { readonly amount: number; readonly currency: string };
  /** First day no longer covered by the asset's warranty (local date), when the asset is known. */
  readonly warrantyEnds?: string;
}

export class AssetDateError extends Error {}

const last = (date: LocalDate) => formatLocalDate(addDays(date, -1));

/** Warranty decision (SERVICE_TERMS.md, "Warranty decision"): the first rule that matches wins. */
export function decideWarranty(facts: Facts, asset: AssetFacts | null, contract: Contract, reportedAt: Date): WarrantyResult {
  const tz = contract.timeZone;
  if (!asset) {
    return {
      decision: 'unknown',
      billable: false,
      reasons: [
        reason(
          contract,
          contract.warranty.clause,
          '未能确定设备，保修状态由工程师上门核实，核实前不收费',
          'the device is not identified: an engineer verifies the warranty on site, and nothing is billed until then',
        ),
      ],
    };
  }

  const accepted = parseLocalDate(asset.acceptedAt, tz);
  if (!accepted) throw new AssetDateError(`acceptedAt "${asset.acceptedAt}" is not a date`);
  const months = asset.warrantyMonths ?? contract.warranty.months;
  const endDate = addMonths(accepted, months);
  const warrantyEnd = startOfLocalDate(endDate, tz);
  const warrantyEnds = formatLocalDate(endDate);
  const billing = reason(contract, contract.billing.clause, contract.billing.text['zh-CN'], contract.billing.text.en);

  const exclusion = contract.exclusions.find((e) => e.cause === facts.cause);
  if (exclusion) {
    return {
      decision: 'excluded',
      billable: true,
      warrantyEnds,
      reasons: [reason(contract, exclusion.clause, exclusion.text['zh-CN'], exclusion.text.en), billing],
    };
  }

  if (facts.device === 'accessory') {
    const acc = contract.accessories;
    const amount = facts.accessory ? acc.prices[facts.accessory] : undefined;
    const reasons = [reason(contract, acc.clause, acc.text['zh-CN'], acc.text.en)];
    if (amount !== undefined && facts.accessory) {
      const name = acc.names[facts.accessory] ?? { 'zh-CN': facts.accessory, en: facts.accessory.replace(/_/g, ' ') };
      reasons.push({
        contract: contract.id,
        clause: acc.priceClause ?? acc.clause,
        text: {
          'zh-CN': `${name['zh-CN']}价格 ${amount} ${acc.currency}`,
          en: `a ${name.en} costs ${amount} ${acc.currency}`,
        },
      });
    }
    return {
      decision: 'excluded',
      billable: true,
      warrantyEnds,
      reasons,
      ...(amount !== undefined ? { price: { amount, currency: acc.currency } } : {}),
    };
  }

  const software = contract.lifetimeSoftware;
  if (
    software &&
    (software.devices.includes(facts.device) || (software.symptoms.includes(facts.symptom) && software.assetKinds.includes(asset.kind)))
  ) {
    return {
      decision: 'in_warranty',
      billable: false,
      warrantyEnds,
      reasons: [reason(contract, software.clause, software.text['zh-CN'], software.text.en)],
    };
  }

  if (reportedAt < warrantyEnd) {
    return {
      decision: 'in_warranty',
      billable: false,
      warrantyEnds,
      reasons: [
        reason(
          contract,
          contract.warranty.clause,
          '验收日期 {accepted}，质保 {months} 个月，保修至 {last}（含）',
          'accepted on {accepted} with a {months}-month warranty, covered through {last}',
          { accepted: formatLocalDate(accepted), months, last: last(endDate) },
        ),
      ],
    };
  }

  const part = coveringReplacedPart(facts, asset, contract, reportedAt, warrantyEnd);
  if (part) {
    const rp = contract.replacedParts;
    const name = rp.names[part.part] ?? { 'zh-CN': part.part, en: part.part.replace(/_/g, ' ') };
    const dates = { replaced: formatLocalDate(part.replaced), last: last(part.coverEnd) };
    return {
      decision: 'in_warranty',
      billable: false,
      warrantyEnds,
      reasons: [
        {
          contract: contract.id,
          clause: rp.clause,
          text: localText(
            '{part_zh}于 {replaced} 更换，更换部件保修至 {last}（含）',
            'the {part_en} was replaced on {replaced} and is covered through {last}',
            {
              ...dates,
              part_zh: name['zh-CN'],
              part_en: name.en,
            },
          ),
        },
        reason(contract, rp.clause, rp.text['zh-CN'], rp.text.en),
      ],
    };
  }

  return {
    decision: 'out_of_warranty',
    billable: true,
    warrantyEnds,
    reasons: [
      reason(
        contract,
        contract.warranty.clause,
        '验收日期 {accepted}，{months} 个月质保已于 {last} 到期',
        'accepted on {accepted}; the {months}-month warranty ended after {last}',
        { accepted: formatLocalDate(accepted), months, last: last(endDate) },
      ),
      billing,
    ],
  };
}

interface CoveringPart {
  readonly part: string;
  readonly replaced: LocalDate;
  readonly coverEnd: LocalDate;
}

/** A replaced part of the failing kind still covered on the report date (e.g. clause 5.21.2). */
function coveringReplacedPart(
  facts: Facts,
  asset: AssetFacts,
  contract: Contract,
  reportedAt: Date,
  warrantyEnd: Date,
): CoveringPart | undefined {
  const rp = contract.replacedParts;
  const tz = contract.timeZone;
  const group = rp.groups.find((g) => g.symptoms.includes(facts.symptom));
  if (!group) return undefined;
  let best: CoveringPart | undefined;
  for (const replacement of asset.replacedParts ?? []) {
    const part = canonicalPart(replacement.part, rp.aliases);
    if (!group.parts.includes(part)) continue;
    const replaced = parseLocalDate(replacement.replacedAt, tz);
    if (!replaced) throw new AssetDateError(`replacedAt "${replacement.replacedAt}" is not a date`);
    if (startOfLocalDate(replaced, tz) > reportedAt) continue; // replaced after this fault
    const partEnd = addDays(replaced, rp.days);
    const end = startOfLocalDate(partEnd, tz) > warrantyEnd ? partEnd : null;
    if (!end || reportedAt >= startOfLocalDate(end, tz)) continue;
    if (!best || startOfLocalDate(end, tz) > startOfLocalDate(best.coverEnd, tz)) best = { part, replaced, coverEnd: end };
  }
  return best;
}

function canonicalPart(part: string, aliases: Readonly<Record<string, string>>): string {
  const key = part
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return aliases[key] ?? key;
}
