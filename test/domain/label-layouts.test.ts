import { describe, expect, it } from 'vitest';
import { labelFace } from '../../src/domain/labels/label-face.js';
import {
  LABEL_LAYOUT_IDS,
  LABEL_LAYOUTS,
  labelsPerPage,
  pageSize,
  pagesFor,
  placeLabels,
  PT_PER_MM,
  type Rect,
} from '../../src/domain/labels/layouts.js';

const inside = (inner: Rect, outer: Rect, slack = 1e-6) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;

const overlap = (a: Rect, b: Rect, slack = 1e-6) =>
  a.x < b.x + b.width - slack && b.x < a.x + a.width - slack && a.y < b.y + b.height - slack && b.y < a.y + a.height - slack;

describe('label sheets (A4)', () => {
  it('hold 24 labels of 70 × 37 mm (3 × 8) and 10 of 105 × 57 mm (2 × 5)', () => {
    expect(labelsPerPage(LABEL_LAYOUTS['3x8'])).toBe(24);
    expect(labelsPerPage(LABEL_LAYOUTS['2x5'])).toBe(10);
    const a4 = pageSize(LABEL_LAYOUTS['3x8']);
    expect(a4.width).toBeCloseTo(595.28, 1);
    expect(a4.height).toBeCloseTo(841.89, 1);
    const first = placeLabels(LABEL_LAYOUTS['2x5'], 1)[0]!.rect;
    expect(first.width / PT_PER_MM).toBeCloseTo(105, 6);
    expect(first.height / PT_PER_MM).toBeCloseTo(57, 6);
  });

  for (const id of LABEL_LAYOUT_IDS) {
    const layout = LABEL_LAYOUTS[id];
    const perPage = labelsPerPage(layout);
    it(`${id}: every label lies on the page, none overlaps another, and each face stays inside its label`, () => {
      const size = pageSize(layout);
      const page = { x: 0, y: 0, ...size };
      const placed = placeLabels(layout, perPage);
      expect(placed.every((p) => p.page === 0)).toBe(true);
      for (const [i, a] of placed.entries()) {
        expect(inside(a.rect, page), `label ${i} off the page`).toBe(true);
        for (const b of placed.slice(i + 1)) expect(overlap(a.rect, b.rect)).toBe(false);
        const face = labelFace(layout, a.rect);
        const pad = layout.padding * PT_PER_MM;
        const printable = { x: a.rect.x + pad, y: a.rect.y + pad, width: a.rect.width - 2 * pad, height: a.rect.height - 2 * pad };
        expect(inside(face.qr, printable)).toBe(true);
        expect(inside(face.text, printable)).toBe(true);
        expect(overlap(face.qr, face.text)).toBe(false);
        expect(face.qr.width).toBe(face.qr.height);
        expect(face.text.width).toBeGreaterThan(20 * PT_PER_MM);
      }
      // Filled row by row from the top left.
      expect(placed[1]!.rect.x).toBeGreaterThan(placed[0]!.rect.x);
      expect(placed[1]!.rect.y).toBe(placed[0]!.rect.y);
      expect(placed[layout.columns]!.rect.y).toBeGreaterThan(placed[0]!.rect.y);
    });

    it(`${id}: more labels than a page holds go on to further pages, in the same places`, () => {
      const count = perPage * 2 + 3;
      const placed = placeLabels(layout, count);
      expect(placed).toHaveLength(count);
      expect(pagesFor(layout, count)).toBe(3);
      expect(placed.filter((p) => p.page === 0)).toHaveLength(perPage);
      expect(placed.filter((p) => p.page === 1)).toHaveLength(perPage);
      expect(placed.filter((p) => p.page === 2)).toHaveLength(3);
      expect(placed[perPage]!.rect).toEqual(placed[0]!.rect);
      expect(placed[perPage * 2 + 2]!.rect).toEqual(placed[2]!.rect);
    });
  }

  it('a run of none is one empty page', () => {
    expect(placeLabels(LABEL_LAYOUTS['3x8'], 0)).toEqual([]);
    expect(pagesFor(LABEL_LAYOUTS['3x8'], 0)).toBe(1);
  });
});
