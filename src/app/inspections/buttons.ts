import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { type Lang, render } from '../../domain/i18n.js';
import type { InspectionResult } from '../../domain/inspection.js';

/**
 * The buttons of an inspection in its engineer's chat. Each id says everything its press needs:
 * `insp:<number>:start`, `insp:<number>:<line>.<ok|fault|note>` (line from 1),
 * `insp:<number>:<line>.unit_ok` (every line of that line's asset still unchecked: OK),
 * `insp:<number>:complete`.
 * A press of an old message still names its inspection and line, so a repeat is recognised.
 */
export const INSPECTION_PREFIX = 'insp:';

export type InspectionPress =
  | { readonly number: string; readonly action: 'start' }
  | { readonly number: string; readonly action: 'complete' }
  | { readonly number: string; readonly action: 'mark'; readonly line: number; readonly result: InspectionResult }
  | { readonly number: string; readonly action: 'unit_ok'; readonly line: number };

export const isInspectionButton = (id: string): boolean => id.startsWith(INSPECTION_PREFIX);

export function parseInspectionButton(id: string): InspectionPress | null {
  const m = /^insp:(XJ-\d{4}-\d{4,6}):(?:(start|complete)|(\d{1,4})\.(ok|fault|note|unit_ok))$/.exec(id);
  if (!m) return null;
  const [, number = '', action, line, result] = m;
  if (action === 'start') return { number, action };
  if (action === 'complete') return { number, action };
  const n = Number(line);
  if (n < 1) return null;
  if (result === 'unit_ok') return { number, action: 'unit_ok', line: n };
  return { number, action: 'mark', line: n, result: result as InspectionResult };
}

const RESULT_LABELS: Readonly<Record<InspectionResult, LabelText>> = {
  ok: 'inspection_btn_ok',
  fault: 'inspection_btn_fault',
  note: 'inspection_btn_note',
};

export const resultLabel = (catalog: Catalog, result: InspectionResult, lang: Lang): string =>
  render(catalog.desk.labels.texts[RESULT_LABELS[result]], lang);

export const startButton = (catalog: Catalog, number: string, lang: Lang) => ({
  id: `${INSPECTION_PREFIX}${number}:start`,
  label: render(catalog.desk.labels.texts.inspection_btn_start, lang),
});

export const completeButton = (catalog: Catalog, number: string, lang: Lang) => ({
  id: `${INSPECTION_PREFIX}${number}:complete`,
  label: render(catalog.desk.labels.texts.inspection_btn_complete, lang),
});

/** OK / Fault / Note of one line (index from 0; the id counts from 1), and "all OK on this unit" when its asset has more lines to check. */
export const lineButtons = (catalog: Catalog, number: string, index: number, lang: Lang, unit = false) => [
  ...(['ok', 'fault', 'note'] as const).map((result) => ({
    id: `${INSPECTION_PREFIX}${number}:${index + 1}.${result}`,
    label: resultLabel(catalog, result, lang),
  })),
  ...(unit
    ? [{ id: `${INSPECTION_PREFIX}${number}:${index + 1}.unit_ok`, label: render(catalog.desk.labels.texts.inspection_btn_unit_ok, lang) }]
    : []),
];
