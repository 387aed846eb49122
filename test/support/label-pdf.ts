import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { type LabelLayout, placeLabels } from '../../src/domain/labels/layouts.js';

const run = promisify(execFile);
// jsqr is CommonJS whose types declare a default export: under NodeNext the function is at .default.
const jsQR = jsQRModule.default;

/** Debian's poppler-utils: pdftoppm renders, pdffonts lists fonts, pdftotext extracts the words. */
export const POPPLER = '/usr/bin/pdftoppm';

/**
 * Whether the label tests can render PDFs: without poppler-utils they are skipped with one line,
 * except on CI (CI=true), where its absence is a failure.
 */
export function popplerPresent(): boolean {
  if (existsSync(POPPLER)) return true;
  if (process.env.CI === 'true') throw new Error(`${POPPLER} is missing on CI: install poppler-utils`);
  console.warn(`label PDF tests skipped: ${POPPLER} is missing (apt-get install poppler-utils)`);
  return false;
}

export const DPI = 200;
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** A PDF rendered at DPI, page by page, with what pdffonts and pdftotext say of it. */
export interface RenderedPdf {
  readonly pages: PNG[];
  readonly pageFiles: string[];
  readonly fonts: string;
  readonly text: string;
  readonly dir: string;
}

export async function renderPdf(pdf: Uint8Array): Promise<RenderedPdf> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-labels-'));
  const file = path.join(dir, 'labels.pdf');
  await writeFile(file, pdf);
  await run(POPPLER, ['-r', String(DPI), '-png', file, path.join(dir, 'page')]);
  const pageFiles = (await readdir(dir))
    .filter((f) => f.startsWith('page') && f.endsWith('.png'))
    .sort((a, b) => Number(/(\d+)\.png$/.exec(a)?.[1]) - Number(/(\d+)\.png$/.exec(b)?.[1]))
    .map((f) => path.join(dir, f));
  const pages = await Promise.all(pageFiles.map(async (f) => PNG.sync.read(await readFile(f))));
  const fonts = (await run('/usr/bin/pdffonts', [file])).stdout;
  const text = (await run('/usr/bin/pdftotext', ['-layout', file, '-'])).stdout;
  return { pages, pageFiles, fonts, text, dir };
}

/** The words of each page of a PDF (pdftotext; pages are split at its form feeds). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const text = (await run('/usr/bin/pdftotext', ['-layout', file, '-'])).stdout;
    return text.split('\f').filter((page, i, all) => i < all.length - 1 || page.trim() !== '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function removeRendered(rendered: RenderedPdf): Promise<void> {
  await rm(rendered.dir, { recursive: true, force: true });
}

/** Keeps a rendered page among the screenshots (test-results/screenshots/NAME). */
export async function keepPage(rendered: RenderedPdf, page: number, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = rendered.pageFiles[page];
  if (file) await copyFile(file, path.join(SCREENSHOTS, name));
}

/** Decodes the QR code of each of `count` labels, cropping each label's rectangle from its page; null where none was found. */
export function decodeLabels(rendered: RenderedPdf, layout: LabelLayout, count: number): (string | null)[] {
  const scale = DPI / 72;
  return placeLabels(layout, count).map(({ page, rect }) => {
    const png = rendered.pages[page];
    if (!png) return null;
    const x0 = Math.max(0, Math.floor(rect.x * scale));
    const y0 = Math.max(0, Math.floor(rect.y * scale));
    const w = Math.min(png.width - x0, Math.ceil(rect.width * scale));
    const h = Math.min(png.height - y0, Math.ceil(rect.height * scale));
    const crop = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) {
      const from = ((y0 + y) * png.width + x0) * 4;
      crop.set(png.data.subarray(from, from + w * 4), y * w * 4);
    }
    return jsQR(crop, w, h)?.data ?? null;
  });
}

/** The subset fonts pdffonts lists: [name, emb, sub] of each font. */
export function embeddedFonts(fonts: string): { name: string; embedded: boolean; subset: boolean }[] {
  return fonts
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name … emb sub uni object ID: the three yes/no columns come before the last two.
      const [emb, sub] = cols.slice(-5, -3);
      return { name: cols[0] ?? '', embedded: emb === 'yes', subset: sub === 'yes' };
    });
}
