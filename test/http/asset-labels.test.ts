import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_LAYOUTS, type LabelLayoutId, labelsPerPage } from '../../src/domain/labels/layouts.js';
import type { LabelAsset } from '../../src/ports/asset-register.js';
import type { Fixline } from '../../src/server.js';
import { assets, rooms, sites } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { decodeLabels, embeddedFonts, keepPage, popplerPresent, removeRendered, renderPdf } from '../support/label-pdf.js';
import { ChatClient, startTestServer } from '../support/server.js';

// A Tuesday, 10:00 in Shanghai: the web chat's opening does not depend on the hour.
const START = new Date('2026-11-24T02:00:00Z').getTime();
const began = Date.now();
const poppler = popplerPresent();

let fixline: Fixline;
let client: ConsoleClient;
let siteId: string;
let expected: LabelAsset[];

/** Enough panels in 明湖小学 for two pages of 3 × 8 (and three of 2 × 5), and one retired panel that no sheet shows. */
async function addAssets(): Promise<void> {
  const db = fixline.database.db;
  const [site] = await db.select().from(sites).where(eq(sites.name, '明湖小学'));
  if (!site) throw new Error('the demo seed has no 明湖小学');
  siteId = site.id;
  const [room] = await db
    .select()
    .from(rooms)
    .where(and(eq(rooms.siteId, site.id), eq(rooms.name, '四年级三班')));
  const roomId = room?.id ?? (await db.insert(rooms).values({ siteId: site.id, name: '四年级三班' }).returning())[0]!.id;
  const rows = Array.from({ length: 24 }, (_, i) => ({
    tag: `FX-PRJ-${String(1001 + i)}`,
    kind: i % 2 ? 'projector' : 'interactive_panel',
    siteId: site.id,
    roomId,
    contractId: site.contractId,
    acceptedAt: '2026-03-01',
  }));
  await db.insert(assets).values(rows);
  await db.insert(assets).values({ ...rows[0]!, tag: 'FX-PRJ-9999', retiredAt: new Date(START) });
}

beforeAll(async () => {
  fixline = await startTestServer({}, { clock: () => new Date(START + Date.now() - began) });
  await addAssets();
  client = new ConsoleClient(fixline.url);
  expect((await client.login('admin', 'a-long-test-password')).status).toBe(200);
  expected = await fixline.store.read.assets.register.labelAssets({ siteId }, 5000);
}, 60_000);
afterAll(async () => fixline?.stop());

const link = (tag: string) => `${fixline.url}/chat?asset=${encodeURIComponent(tag)}`;

describe.skipIf(!poppler)('QR label sheets (GET /assets/labels.pdf), rendered with poppler and scanned', () => {
  const cases: { layout: LabelLayoutId; lang: 'zh-CN' | 'en'; kind: string }[] = [
    { layout: '3x8', lang: 'zh-CN', kind: '投影仪' },
    { layout: '2x5', lang: 'en', kind: 'Projector' },
    { layout: '2x5', lang: 'zh-CN', kind: '一体机' },
    { layout: '3x8', lang: 'en', kind: 'Interactive panel' },
  ];
  for (const { layout, lang, kind } of cases) {
    it(`${layout} in ${lang}: every label's QR code opens the web chat on its own device, in order`, async () => {
      const res = await client.get(`/assets/labels.pdf?site=${siteId}&layout=${layout}&lang=${lang}&outline=1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('明湖小学'));
      const pdf = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

      const spec = LABEL_LAYOUTS[layout];
      // The seed's five, the 24 added; the retired one is left out.
      expect(expected.map((a) => a.tag)).not.toContain('FX-PRJ-9999');
      expect(expected.length).toBe(29);
      const rendered = await renderPdf(pdf);
      try {
        expect(rendered.pages).toHaveLength(Math.ceil(expected.length / labelsPerPage(spec)));
        expect(res.headers.get('x-label-count')).toBe('29');
        const decoded = decodeLabels(rendered, spec, expected.length);
        expect(decoded).toEqual(expected.map((a) => link(a.tag)));

        const fonts = embeddedFonts(rendered.fonts);
        expect(fonts.length).toBeGreaterThan(0);
        for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, subset: true });
        expect(fonts.some((f) => f.name.includes('NotoSansSC'))).toBe(true);
        expect(rendered.text).toContain('明湖小学');
        expect(rendered.text).toContain('四年级三班');
        expect(rendered.text).toContain('FX-PRJ-1001');
        expect(rendered.text).toContain(kind);
        await keepPage(rendered, 0, `labels-${layout}-${lang}.png`);
      } finally {
        await removeRendered(rendered);
      }
    }, 60_000);
  }

  it('a room, or chosen ids, give just those devices; the sheet is small (fonts are subset)', async () => {
    const seeded = expected.find((a) => a.tag === 'FX-PNL-0002')!;
    const byRoom = await client.get(`/assets/labels.pdf?room=${seeded.room!.id}&layout=2x5`);
    expect(byRoom.status).toBe(200);
    const roomTags = expected.filter((a) => a.room?.id === seeded.room!.id).map((a) => a.tag);
    const rendered = await renderPdf(new Uint8Array(await byRoom.arrayBuffer()));
    try {
      expect(decodeLabels(rendered, LABEL_LAYOUTS['2x5'], roomTags.length)).toEqual(roomTags.map(link));
    } finally {
      await removeRendered(rendered);
    }
    const two = [expected[3]!, expected[0]!];
    const byIds = await client.get(`/assets/labels.pdf?ids=${two.map((a) => a.id).join(',')}`);
    expect(byIds.status).toBe(200);
    const pdf = new Uint8Array(await byIds.arrayBuffer());
    expect(pdf.byteLength).toBeLessThan(200_000);
    const idsRendered = await renderPdf(pdf);
    try {
      // In the register's order (school, room, tag), not the order asked.
      expect(decodeLabels(idsRendered, LABEL_LAYOUTS['3x8'], 2)).toEqual([expected[0]!, expected[3]!].map((a) => link(a.tag)));
    } finally {
      await removeRendered(idsRendered);
    }
  }, 60_000);

  it('a decoded link, opened in the web chat, starts the report on that device', async () => {
    const res = await client.get(`/assets/labels.pdf?site=${siteId}&layout=2x5`);
    const rendered = await renderPdf(new Uint8Array(await res.arrayBuffer()));
    let scanned: string | null | undefined;
    try {
      const index = expected.findIndex((a) => a.tag === 'FX-PNL-0002');
      scanned = decodeLabels(rendered, LABEL_LAYOUTS['2x5'], expected.length)[index];
    } finally {
      await removeRendered(rendered);
    }
    expect(scanned).toBeTruthy();
    const url = new URL(scanned!);
    expect(url.pathname).toBe('/chat');
    // What the /chat page does with ?asset=: open a session for that device.
    const chat = new ChatClient(fixline.url);
    await chat.open({ asset: url.searchParams.get('asset') });
    await chat.waitFor(/怎么称呼/);
    await chat.post({ text: '周老师' });
    await chat.waitFor(/您正在为 一体机 FX-PNL-0002（明湖小学 五年级一班）报修/);
  }, 60_000);
});

describe('QR label sheets: what is refused, with a reason', () => {
  const refused = async (query: string, status: number, error: string) => {
    const res = await client.get(`/assets/labels.pdf${query}`);
    expect(res.status, query).toBe(status);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error, query).toBe(error);
    expect(body.message.length).toBeGreaterThan(5);
    return body.message;
  };

  it('needs a session', async () => {
    expect((await fetch(`${fixline.url}/api/console/assets/labels.pdf?site=${siteId}`)).status).toBe(401);
  });

  it('ids that are not uuids, an unknown layout, channel or language, or nothing chosen → 400', async () => {
    expect(await refused('?ids=abc,def', 400, 'invalid_query')).toMatch(/uuid/);
    await refused(`?ids=${siteId},%00`, 400, 'invalid_query');
    await refused('?site=1%27%20or%201=1', 400, 'invalid_query');
    expect(await refused(`?site=${siteId}&layout=4x4`, 400, 'invalid_query')).toMatch(/3x8, 2x5/);
    await refused(`?site=${siteId}&lang=fr`, 400, 'invalid_query');
    await refused(`?site=${siteId}&channel=sms`, 400, 'invalid_query');
    await refused('', 400, 'no_selection');
  });

  it('a channel that is off → 400 naming the setting; nothing found → 404', async () => {
    expect(await refused(`?site=${siteId}&channel=telegram`, 400, 'channel_off')).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(await refused(`?site=${siteId}&channel=line`, 400, 'channel_off')).toMatch(/LINE/);
    await refused('?site=00000000-0000-4000-8000-000000000000', 404, 'no_assets');
    const retired = await fixline.database.db.select({ id: assets.id }).from(assets).where(eq(assets.tag, 'FX-PRJ-9999'));
    await refused(`?ids=${retired[0]!.id}`, 404, 'no_assets');
  });

  it('the choices: schools and rooms with their active devices, and which links are on', async () => {
    const choices = await client.json<{
      places: { id: string; name: string; assets: number; rooms: { name: string; assets: number }[] }[];
      channels: { id: string; problem: string | null }[];
      layouts: { id: string; perPage: number }[];
      webchatBase: { url: string; fromPublicUrl: boolean };
    }>('/assets/labels/choices');
    // The test server has no PUBLIC_URL: the codes carry the request's address, and the page says so.
    expect(choices.webchatBase).toEqual({ url: new URL(fixline.url).origin, fromPublicUrl: false });
    const school = choices.places.find((p) => p.id === siteId)!;
    expect(school).toMatchObject({ name: '明湖小学', assets: 29 });
    expect(school.rooms.find((r) => r.name === '四年级三班')?.assets).toBe(24);
    expect(choices.channels.map((c) => [c.id, c.problem === null])).toEqual([
      ['webchat', true],
      ['telegram', false],
      ['line', false],
    ]);
    expect(choices.layouts).toEqual([
      expect.objectContaining({ id: '3x8', perPage: 24 }),
      expect.objectContaining({ id: '2x5', perPage: 10 }),
    ]);
  });
});
