import { type LabelLayout, PT_PER_MM, type Rect } from './layouts.js';

/**
 * What one label shows and where: the QR code on the left (a square as tall as the label allows),
 * beside it the tag in large type, then the school, the room and the kind, each on one line.
 */
export interface LabelFace {
  readonly qr: Rect;
  readonly text: Rect;
  /** The tag's type size (pt); the writer shrinks it to fit the text box's width. */
  readonly tagSize: number;
  /** The other lines' type size (pt). */
  readonly lineSize: number;
}

/** The words on a label, in the sheet's language. */
export interface LabelContent {
  readonly tag: string;
  readonly school: string;
  readonly room: string | null;
  readonly kind: string;
  /** What the QR code carries. */
  readonly link: string;
}

/** The lines under the tag, in order (a label without a room leaves its line out). */
export function labelLines(content: LabelContent): string[] {
  return [content.school, content.room, content.kind].filter((l): l is string => !!l);
}

/** Lays out a label's face inside its rectangle (points), keeping the layout's padding clear. */
export function labelFace(layout: LabelLayout, rect: Rect): LabelFace {
  const pad = layout.padding * PT_PER_MM;
  const side = rect.height - 2 * pad;
  const qr = { x: rect.x + pad, y: rect.y + pad, width: side, height: side };
  const gutter = pad * 0.8;
  const textX = qr.x + side + gutter;
  const text = { x: textX, y: rect.y + pad, width: rect.x + rect.width - pad - textX, height: side };
  // Type sizes follow the label's height: 37 mm → 11 / 7.5 pt, 57 mm → 17 / 11.5 pt.
  const tagSize = Math.round((rect.height / PT_PER_MM) * 0.3 * 2) / 2;
  const lineSize = Math.round((rect.height / PT_PER_MM) * 0.2 * 2) / 2;
  return { qr, text, tagSize, lineSize };
}
