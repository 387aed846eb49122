import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';
import { type LabelContent, labelFace, labelLines } from '../../domain/labels/label-face.js';
import { type LabelLayout, pageSize, placeLabels, type Rect } from '../../domain/labels/layouts.js';

const require = createRequire(import.meta.url);

/** Noto Sans SC (SIL OFL 1.1), as TrueType from its npm package: pdfkit embeds the subset a sheet uses. */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

type QrEncoder = typeof QRCodeModule.create;

/** What writing a sheet takes, loaded once: pdfkit, the QR encoder, the two weights of the font. */
interface Tools {
  readonly PDFDocument: typeof import('pdfkit');
  readonly qr: QrEncoder;
  readonly regular: Buffer;
  readonly bold: Buffer;
}

/** Options of one sheet. */
export interface SheetOptions {
  /** A thin grey line along each label's edge (for plain paper cut by hand). */
  readonly outline?: boolean;
  /** The PDF's title (its document information). */
  readonly title?: string;
}

/** Type below this size is not made smaller: a line that still does not fit is shortened with "…". */
const MIN_TAG_SIZE = 6;

/**
 * Writes label sheets as PDF: A4 pages of the layout, per label its QR code drawn as vector squares
 * (crisp at any printer resolution) and its words in Noto Sans SC, embedded as a subset.
 * The PDF and QR libraries and the fonts are loaded on the first sheet (a desk that prints no
 * labels does not hold them).
 */
export class LabelSheetWriter {
  private tools: Promise<Tools> | undefined;

  private load(): Promise<Tools> {
    this.tools ??= Promise.all([
      import('pdfkit'),
      import('qrcode'),
      readFile(require.resolve(FONT_FILES.regular)),
      readFile(require.resolve(FONT_FILES.bold)),
    ]).then(
      ([pdfkit, qrcode, regular, bold]) => ({ PDFDocument: pdfkit.default, qr: qrcode.default.create, regular, bold }),
      (error: unknown) => {
        this.tools = undefined;
        throw error;
      },
    );
    return this.tools;
  }

  async write(layout: LabelLayout, labels: readonly LabelContent[], options: SheetOptions = {}): Promise<Buffer> {
    const fonts = await this.load();
    const { PDFDocument } = fonts;
    const size = pageSize(layout);
    const doc = new PDFDocument({
      size: [size.width, size.height],
      margin: 0,
      autoFirstPage: false,
      info: { Title: options.title ?? 'QR labels', Creator: 'fixline' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    doc.registerFont('label', fonts.regular);
    doc.registerFont('label-bold', fonts.bold);
    let page = -1;
    const placed = placeLabels(layout, labels.length);
    for (const [n, spot] of placed.entries()) {
      const content = labels[n];
      if (!content) break;
      while (page < spot.page) {
        // Between pages, other requests get their turn: a sheet of 2,000 labels takes seconds.
        if (page >= 0) await new Promise((resolve) => setImmediate(resolve));
        doc.addPage({ size: [size.width, size.height], margin: 0 });
        page++;
      }
      drawLabel(doc, fonts.qr, layout, spot.rect, content, options.outline ?? false);
    }
    if (labels.length === 0) doc.addPage({ size: [size.width, size.height], margin: 0 });
    doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}

function drawLabel(doc: PDFKit.PDFDocument, qr: QrEncoder, layout: LabelLayout, rect: Rect, content: LabelContent, outline: boolean): void {
  if (outline) doc.save().lineWidth(0.25).strokeColor('#b0b0b0').rect(rect.x, rect.y, rect.width, rect.height).stroke().restore();
  const face = labelFace(layout, rect);
  drawQr(doc, qr, content.link, face.qr);

  const { text } = face;
  let y = text.y;
  doc.fillColor('black').font('label-bold');
  let tagSize = face.tagSize;
  while (tagSize > MIN_TAG_SIZE && doc.fontSize(tagSize).widthOfString(content.tag) > text.width) tagSize -= 0.5;
  doc.fontSize(tagSize).text(fitLine(doc, content.tag, text.width), text.x, y, { lineBreak: false });
  y += tagSize * 1.5;

  doc.font('label').fontSize(face.lineSize);
  const lineHeight = face.lineSize * 1.4;
  // The school's name may take two lines (long names are common); the room and the kind one each.
  const pieces = labelLines(content).flatMap((line, i) => (i === 0 ? twoLines(doc, line, text.width) : [fitLine(doc, line, text.width)]));
  for (const piece of pieces) {
    if (y + lineHeight > text.y + text.height) break;
    doc.text(piece, text.x, y, { lineBreak: false });
    y += lineHeight;
  }
}

/** The line as it fits the width at the current font: shortened with "…" when it does not. */
function fitLine(doc: PDFKit.PDFDocument, line: string, width: number): string {
  if (doc.widthOfString(line) <= width) return line;
  const chars = Array.from(line);
  while (chars.length > 1 && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('')}…`;
}

/** The line as one or two lines that fit the width, the second shortened with "…" when needed. */
function twoLines(doc: PDFKit.PDFDocument, line: string, width: number): string[] {
  if (doc.widthOfString(line) <= width) return [line];
  const chars = Array.from(line);
  let cut = chars.length - 1;
  while (cut > 1 && doc.widthOfString(chars.slice(0, cut).join('')) > width) cut--;
  return [chars.slice(0, cut).join(''), fitLine(doc, chars.slice(cut).join(''), width)];
}

/** The QR code as filled squares (runs of dark modules merged into one rectangle per row), with a one-module quiet edge inside the box. */
function drawQr(doc: PDFKit.PDFDocument, encode: QrEncoder, link: string, box: Rect): void {
  const qr = encode(link, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 1;
  const cell = box.width / (n + 2 * quiet);
  const x0 = box.x + quiet * cell;
  const y0 = box.y + quiet * cell;
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      // A hair wider and taller than the cell so that neighbouring squares leave no seams when rasterised.
      doc.rect(x0 + start * cell, y0 + row * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fillColor('black').fill();
}
