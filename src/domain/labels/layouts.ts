/**
 * Label sheets as data: A4 stock cut into a grid of equal labels, as the common label papers are
 * (3 × 8 of 70 × 37 mm, 2 × 5 of 105 × 57 mm), and where each label of a run of N falls.
 * Pure: millimetres in, PDF points out (1 pt = 1/72 inch).
 */

/** PDF points in a millimetre. */
export const PT_PER_MM = 72 / 25.4;

export const LABEL_LAYOUT_IDS = ['3x8', '2x5'] as const;
export type LabelLayoutId = (typeof LABEL_LAYOUT_IDS)[number];

/** A sheet of labels, in millimetres. */
export interface LabelLayout {
  readonly id: LabelLayoutId;
  readonly page: { readonly width: number; readonly height: number };
  readonly columns: number;
  readonly rows: number;
  readonly label: { readonly width: number; readonly height: number };
  /** Where the first label's top-left corner is. */
  readonly margin: { readonly top: number; readonly left: number };
  /** Gaps between labels (0 for stock whose labels touch). */
  readonly gap: { readonly column: number; readonly row: number };
  /** What nothing is printed in, inside each label (printers do not print to the cut). */
  readonly padding: number;
}

const A4 = { width: 210, height: 297 } as const;

export const LABEL_LAYOUTS: Readonly<Record<LabelLayoutId, LabelLayout>> = {
  // 24 per sheet: 3 columns of 70 mm fill the width; 8 rows of 37 mm leave 0.5 mm at top and bottom.
  '3x8': {
    id: '3x8',
    page: A4,
    columns: 3,
    rows: 8,
    label: { width: 70, height: 37 },
    margin: { top: 0.5, left: 0 },
    gap: { column: 0, row: 0 },
    padding: 3,
  },
  // 10 per sheet: 2 columns of 105 mm; 5 rows of 57 mm leave 6 mm at top and bottom.
  '2x5': {
    id: '2x5',
    page: A4,
    columns: 2,
    rows: 5,
    label: { width: 105, height: 57 },
    margin: { top: 6, left: 0 },
    gap: { column: 0, row: 0 },
    padding: 4,
  },
};

export function isLabelLayoutId(value: unknown): value is LabelLayoutId {
  return typeof value === 'string' && (LABEL_LAYOUT_IDS as readonly string[]).includes(value);
}

/** Labels on one sheet of the layout. */
export function labelsPerPage(layout: LabelLayout): number {
  return layout.columns * layout.rows;
}

/** A rectangle in PDF points, from the page's top-left corner (y grows downwards, as pdfkit draws). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where the n-th label of a run goes: its page (0-based) and its rectangle there. */
export interface PlacedLabel {
  readonly page: number;
  readonly rect: Rect;
}

/** The page size in points. */
export function pageSize(layout: LabelLayout): { width: number; height: number } {
  return { width: layout.page.width * PT_PER_MM, height: layout.page.height * PT_PER_MM };
}

/** The rectangles of `count` labels, filling each page row by row, then the next page. */
export function placeLabels(layout: LabelLayout, count: number): PlacedLabel[] {
  const perPage = labelsPerPage(layout);
  const placed: PlacedLabel[] = [];
  for (let n = 0; n < count; n++) {
    const onPage = n % perPage;
    const column = onPage % layout.columns;
    const row = Math.floor(onPage / layout.columns);
    placed.push({
      page: Math.floor(n / perPage),
      rect: {
        x: (layout.margin.left + column * (layout.label.width + layout.gap.column)) * PT_PER_MM,
        y: (layout.margin.top + row * (layout.label.height + layout.gap.row)) * PT_PER_MM,
        width: layout.label.width * PT_PER_MM,
        height: layout.label.height * PT_PER_MM,
      },
    });
  }
  return placed;
}

/** Pages a run of `count` labels takes (at least one). */
export function pagesFor(layout: LabelLayout, count: number): number {
  return Math.max(1, Math.ceil(count / labelsPerPage(layout)));
}
