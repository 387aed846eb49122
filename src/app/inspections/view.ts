import type { Catalog } from '../../catalog/catalog.js';
import type { LocalText } from '../../domain/i18n.js';
import {
  checklistItem,
  dueState,
  type DueState,
  noticeOn,
  progressOf,
  type InspectionProgress,
  type InspectionResult,
} from '../../domain/inspection.js';
import { todayIn } from '../../domain/after-service.js';
import type { Inspection } from '../../ports/inspections.js';
import type { Repos } from '../../ports/store.js';

/** One line as the console and the record show it. */
export interface LineView {
  readonly index: number;
  readonly item: string;
  readonly name: LocalText;
  readonly hint: LocalText | null;
  readonly assetId: string | null;
  readonly assetTag: string | null;
  readonly assetKind: string | null;
  readonly room: string | null;
  readonly result: InspectionResult | null;
  readonly note: string | null;
  readonly photos: readonly string[];
  readonly ticketId: string | null;
  readonly ticketNumber: string | null;
  readonly checkedAt: string | null;
}

/** An inspection as the console lists it: where it stands today, and how far it has got. */
export interface InspectionSummaryView extends Omit<Inspection, 'items'> {
  readonly state: DueState;
  readonly noticeOn: string;
  readonly clause: string;
  readonly progress: InspectionProgress;
}

export interface InspectionView extends InspectionSummaryView {
  readonly lines: readonly LineView[];
  readonly contractName: LocalText | null;
  readonly clauseText: LocalText | null;
}

export function summaryView(catalog: Catalog, inspection: Inspection, now: Date): InspectionSummaryView {
  const { items, ...rest } = inspection;
  const rules = catalog.contracts.get(inspection.contractId)?.afterService.inspections;
  const tz = catalog.contracts.get(inspection.contractId)?.timeZone ?? catalog.desk.desk.timeZone;
  const notice = noticeOn(inspection.dueOn, rules?.noticeBefore ?? 0);
  const today = todayIn(tz, now);
  const todayText = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
  return {
    ...rest,
    state: dueState(inspection.status, inspection.dueOn, notice, todayText),
    noticeOn: notice,
    clause: rules?.clause ?? '',
    progress: progressOf(items),
  };
}

export async function inspectionView(r: Repos, catalog: Catalog, inspection: Inspection, now: Date): Promise<InspectionView> {
  const contract = catalog.contracts.get(inspection.contractId) ?? null;
  const assets = new Map((await r.inspections.siteAssets(inspection.siteId)).map((a) => [a.id, a]));
  const lines: LineView[] = [];
  for (const [index, line] of inspection.items.entries()) {
    const item = contract ? checklistItem(contract.afterService.inspections.checklist, line) : null;
    const asset = line.assetId ? assets.get(line.assetId) : undefined;
    const ticket = line.ticketId ? await r.console.tickets.detail(line.ticketId) : null;
    lines.push({
      index,
      item: line.item,
      name: item?.name ?? { 'zh-CN': line.item, en: line.item },
      hint: item?.hint ?? null,
      assetId: line.assetId,
      assetTag: asset?.tag ?? null,
      assetKind: asset?.kind ?? null,
      room: asset?.room ?? null,
      result: line.result,
      note: line.note,
      photos: line.photos,
      ticketId: line.ticketId,
      ticketNumber: ticket?.number ?? null,
      checkedAt: line.checkedAt,
    });
  }
  return {
    ...summaryView(catalog, inspection, now),
    lines,
    contractName: contract?.name ?? null,
    clauseText: contract?.afterService.inspections.text ?? null,
  };
}
