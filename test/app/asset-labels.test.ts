import { beforeAll, describe, expect, it } from 'vitest';
import { labelSheet, MAX_LABELS_PER_SHEET, type LabelSheetRequest } from '../../src/app/labels/label-sheets.js';
import { LabelSheetWriter } from '../../src/app/labels/sheet.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import { LABEL_LAYOUTS } from '../../src/domain/labels/layouts.js';
import type { LabelLinkSettings } from '../../src/domain/labels/links.js';
import type { LabelAsset, LabelAssetFilter, LabelRegister } from '../../src/ports/asset-register.js';
import { shippedCatalog } from '../support/desk.js';
import { decodeLabels, keepPage, popplerPresent, removeRendered, renderPdf } from '../support/label-pdf.js';

const poppler = popplerPresent();
const links: LabelLinkSettings = {
  publicUrl: 'https://desk.example.org',
  telegram: { botUsername: 'fixline_demo_bot' },
  line: { basicId: '@123abcde' },
};
const site = { id: '6f1c2a8e-0000-4000-8000-000000000001', name: '示例区第二实验小学（东校区）' };

/** A register of `count` active devices in one school, four rooms. */
function register(count: number, tag = (i: number) => `DEMO-${String(i + 1).padStart(5, '0')}`): LabelRegister {
  const all: LabelAsset[] = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    tag: tag(i),
    kind: ['interactive_panel', 'projector', 'computer', 'audio'][i % 4]!,
    site,
    room: { id: `00000000-0000-4000-9000-00000000000${i % 4}`, name: `${(i % 4) + 1}号楼 30${i % 4}多媒体教室` },
  }));
  return {
    labelPlaces: () => Promise.resolve([]),
    labelAssets: (_filter: LabelAssetFilter, limit: number) => Promise.resolve(all.slice(0, limit)),
  };
}

let catalog: Catalog;
const writer = new LabelSheetWriter();
beforeAll(async () => {
  catalog = await shippedCatalog();
});

const request = (over: Partial<LabelSheetRequest> = {}): LabelSheetRequest => ({
  siteId: site.id,
  layout: '3x8',
  channel: 'webchat',
  lang: 'zh-CN',
  outline: false,
  ...over,
});

describe.skipIf(!poppler)('label sheets for Telegram and LINE', () => {
  it('Telegram: each QR code starts the bot with its device’s tag', async () => {
    const sheet = await labelSheet(register(30), catalog.desk, links, writer, request({ channel: 'telegram' }));
    if (!sheet.ok) throw new Error(sheet.message);
    expect(sheet).toMatchObject({ labels: 30, pages: 2, fileName: '示例区第二实验小学（东校区） 设备标签 3x8.pdf' });
    const rendered = await renderPdf(sheet.pdf);
    try {
      const decoded = decodeLabels(rendered, LABEL_LAYOUTS['3x8'], 30);
      expect(decoded).toEqual(
        Array.from({ length: 30 }, (_, i) => `https://t.me/fixline_demo_bot?start=DEMO-${String(i + 1).padStart(5, '0')}`),
      );
      // A long school name takes two lines rather than running off the label.
      expect(rendered.text).not.toContain('…');
      expect(rendered.text).toMatch(/示例区第二实验小学（东\s+校区）/);
      await keepPage(rendered, 0, 'labels-3x8-telegram-long-names.png');
    } finally {
      await removeRendered(rendered);
    }
  }, 60_000);

  it('LINE: each QR code opens the official account’s chat with the tag typed in', async () => {
    const sheet = await labelSheet(register(10), catalog.desk, links, writer, request({ channel: 'line', layout: '2x5', lang: 'en' }));
    if (!sheet.ok) throw new Error(sheet.message);
    expect(sheet.fileName).toBe('示例区第二实验小学（东校区） labels 2x5.pdf');
    const rendered = await renderPdf(sheet.pdf);
    try {
      expect(rendered.pages).toHaveLength(1);
      const decoded = decodeLabels(rendered, LABEL_LAYOUTS['2x5'], 10);
      expect(decoded[0]).toBe('https://line.me/R/oaMessage/%40123abcde/?DEMO-00001');
      expect(decoded[9]).toBe('https://line.me/R/oaMessage/%40123abcde/?DEMO-00010');
      expect(rendered.text).toContain('Projector');
    } finally {
      await removeRendered(rendered);
    }
  }, 60_000);
});

describe('label sheets: size, speed and limits', () => {
  it(`1,000 labels make a sheet of 42 pages, in seconds and a few megabytes; more than ${MAX_LABELS_PER_SHEET} are refused`, async () => {
    await labelSheet(register(1), catalog.desk, links, writer, request()); // the fonts read once
    const small = await labelSheet(register(24), catalog.desk, links, writer, request());
    const began = performance.now();
    const big = await labelSheet(register(1000), catalog.desk, links, writer, request());
    const ms = performance.now() - began;
    if (!small.ok || !big.ok) throw new Error('no sheet');
    console.info(
      `label sheet: 24 labels ${small.pdf.byteLength} bytes; 1,000 labels ${big.pdf.byteLength} bytes, ${big.pages} pages, ${Math.round(ms)} ms`,
    );
    expect(big.pages).toBe(42);
    expect(small.pdf.byteLength).toBeLessThan(150_000);
    expect(big.pdf.byteLength).toBeLessThan(5_000_000);
    expect(ms).toBeLessThan(15_000);

    const over = await labelSheet(register(MAX_LABELS_PER_SHEET + 1), catalog.desk, links, writer, request());
    expect(over).toMatchObject({ ok: false, status: 400, error: 'too_many_labels' });
  }, 60_000);

  it('a tag a Telegram start link cannot carry is named; web chat takes it URL-encoded', async () => {
    const odd = register(3, (i) => (i === 1 ? '投影 B/2' : `T-${i}`));
    expect(await labelSheet(odd, catalog.desk, links, writer, request({ channel: 'telegram' }))).toMatchObject({
      ok: false,
      status: 400,
      error: 'tag_not_linkable',
      message: expect.stringContaining('投影 B/2'),
    });
    expect(await labelSheet(odd, catalog.desk, links, writer, request())).toMatchObject({ ok: true, labels: 3 });
  });
});
