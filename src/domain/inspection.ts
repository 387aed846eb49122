import type { AfterService, ChecklistItem } from './contract.js';
import { addDays, formatLocalDate, type LocalDate, parseInstant, parseLocalDate } from './calendar.js';
import { currentRounds, type Cadence } from './after-service.js';

/**
 * An inspection (巡检, GX-EDU 5.17, CG-CULTURE 4.5.1) without I/O: its checklist built from the
 * contract and the site's assets, how far it has got, which rounds to plan, and its record number.
 */

export type InspectionResult = 'ok' | 'fault' | 'note';
export const INSPECTION_RESULTS: readonly InspectionResult[] = ['ok', 'fault', 'note'];

/** One checked line (the shape stored in inspections.items). */
export interface InspectionItem {
  readonly item: string;
  readonly assetId: string | null;
  readonly result: InspectionResult | null;
  readonly note: string | null;
  readonly photos: readonly string[];
  readonly ticketId: string | null;
  readonly checkedAt: string | null;
  readonly checkedBy: string | null;
}

/** An asset of the site as the checklist needs it. */
export interface ChecklistAsset {
  readonly id: string;
  readonly tag: string;
  readonly kind: string;
  readonly room: string | null;
}

type Checklist = AfterService['inspections']['checklist'];

/**
 * The lines of one inspection: the site's items once, then for each asset of a listed kind (by
 * room, then tag) the items of its kind. Every line starts unchecked.
 */
export function buildChecklist(checklist: Checklist, assets: readonly ChecklistAsset[]): InspectionItem[] {
  const blank = (item: string, assetId: string | null): InspectionItem => ({
    item,
    assetId,
    result: null,
    note: null,
    photos: [],
    ticketId: null,
    checkedAt: null,
    checkedBy: null,
  });
  const rows = checklist.site.map((i) => blank(i.id, null));
  const sorted = [...assets].sort(
    (a, b) => (a.room ?? '\uffff').localeCompare(b.room ?? '\uffff', 'zh-CN') || a.tag.localeCompare(b.tag, 'zh-CN'),
  );
  for (const asset of sorted) {
    const group = checklist.perAsset.find((g) => (g.kinds as readonly string[]).includes(asset.kind));
    if (group) rows.push(...group.items.map((i) => blank(i.id, asset.id)));
  }
  return rows;
}

/** The checklist item a line is about (site items first, then the per-asset groups), or null when the contract no longer has it. */
export function checklistItem(checklist: Checklist, row: Pick<InspectionItem, 'item' | 'assetId'>): ChecklistItem | null {
  if (row.assetId === null) return checklist.site.find((i) => i.id === row.item) ?? null;
  for (const group of checklist.perAsset) {
    const found = group.items.find((i) => i.id === row.item);
    if (found) return found;
  }
  return null;
}

export interface InspectionProgress {
  readonly total: number;
  readonly checked: number;
  readonly faults: number;
  /** The first line without a result (null when every line has one). */
  readonly next: number | null;
  readonly complete: boolean;
}

export function progressOf(items: readonly Pick<InspectionItem, 'result'>[]): InspectionProgress {
  const next = items.findIndex((i) => i.result === null);
  const checked = items.filter((i) => i.result !== null).length;
  return {
    total: items.length,
    checked,
    faults: items.filter((i) => i.result === 'fault').length,
    next: next < 0 ? null : next,
    complete: items.length > 0 && next < 0,
  };
}

/** A line marked fault or note whose text has not come yet (the engineer's next free text is it). */
export function awaitingNote(items: readonly InspectionItem[]): number | null {
  return latestChecked(items, (i) => (i.result === 'fault' || i.result === 'note') && i.note === null && i.ticketId === null);
}

/** The line checked last among those that pass `which` (null when none). */
function latestChecked(items: readonly InspectionItem[], which: (i: InspectionItem) => boolean): number | null {
  let best: number | null = null;
  let at = '';
  items.forEach((i, index) => {
    if (which(i) && i.checkedAt !== null && i.checkedAt >= at) {
      best = index;
      at = i.checkedAt;
    }
  });
  return best;
}

/**
 * The line a photo sent now belongs to: the one waiting for its note; else the fault or note
 * checked last, when it was the last line checked (a photo sent after its description); else the
 * line the chat is asking about (a photo sent before the press); else (every line checked) the
 * last one checked.
 */
export function currentLine(items: readonly InspectionItem[]): number | null {
  const waiting = awaitingNote(items);
  if (waiting !== null) return waiting;
  const last = latestChecked(items, (i) => i.result !== null);
  const result = last === null ? null : items[last]?.result;
  if (last !== null && (result === 'fault' || result === 'note')) return last;
  return progressOf(items).next ?? last;
}

/**
 * The rounds to plan today: the latest one on or before today (the round in progress: never older
 * than one cadence, so a desk installed long after the acceptance does not plan missed history),
 * and the next one.
 */
export function roundsToPlan(anchor: LocalDate, cadence: Cadence, today: LocalDate): string[] {
  const { latest, next } = currentRounds(anchor, cadence, today);
  return [...(latest ? [formatLocalDate(latest)] : []), formatLocalDate(next)];
}

/** "XJ-2026-0007": the record's number, the n-th of its year. */
export function inspectionNumber(year: number, n: number): string {
  return `XJ-${year}-${String(n).padStart(4, '0')}`;
}

/** The sequence of a number of that year, or null for another year's or a malformed one. */
export function inspectionSequence(number: string, year: number): number | null {
  const m = /^XJ-(\d{4})-(\d{4,})$/.exec(number);
  return m && Number(m[1]) === year ? Number(m[2]) : null;
}

export type DueState = 'planned' | 'due' | 'overdue' | 'in_progress' | 'done' | 'cancelled';

/**
 * Where an inspection stands today: a planned one is `due` from its notice day to its due date,
 * `overdue` after it; in progress, done and cancelled are what they say.
 */
export function dueState(status: string, dueOn: string, noticeOn: string, today: string): DueState {
  if (status === 'in_progress' || status === 'done' || status === 'cancelled') return status;
  if (today > dueOn) return 'overdue';
  return today >= noticeOn ? 'due' : 'planned';
}

const DAY_MS = 86_400_000;

/** The day the coordinators are told an inspection is coming: its due date less the notice (whole days). */
export function noticeOn(dueOn: string, noticeBefore: number): string {
  const due = parseLocalDate(dueOn, 'UTC');
  if (!due) throw new Error(`not a date: ${dueOn}`);
  return formatLocalDate(addDays(due, -Math.round(noticeBefore / DAY_MS)));
}

/** The moment of that notice: 09:00 on its day in the contract's zone. */
export function noticeAt(dueOn: string, noticeBefore: number, timeZone: string): Date {
  const at = parseInstant(`${noticeOn(dueOn, noticeBefore)}T09:00`, timeZone);
  if (!at) throw new Error(`no notice time for ${dueOn}`);
  return at;
}
