import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assetChanges, assets } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fixline: Fixline;
let admin: ConsoleClient;
let coordinator: ConsoleClient;
let panelId = '';

interface ListedAsset {
  id: string;
  tag: string;
  kind: string;
  model: string | null;
  site: { id: string; name: string };
  room: { id: string; name: string } | null;
  warranty: { ends: string; daysLeft: number; clause: string } | null;
  retiredAt: string | null;
}
interface Listed {
  assets: ListedAsset[];
  next: string | null;
  total: number;
}

async function account(username: string, role: string): Promise<ConsoleClient> {
  await admin.post('/agents', { username, displayName: username, role, password: `${username}-password-1` });
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  coordinator = await account('taizhang', 'coordinator');
  const [panel] = await fixline.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0001'));
  panelId = panel!.id;
}, 60_000);
afterAll(async () => fixline?.stop());

describe('the asset register API', () => {
  it('lists the demo register by tag with each warranty, and finds by words', async () => {
    const listed = await coordinator.json<Listed>('/assets');
    expect(listed.total).toBe(listed.assets.length);
    expect(listed.assets.map((a) => a.tag)).toEqual([...listed.assets.map((a) => a.tag)].sort());
    const panel = listed.assets.find((a) => a.tag === 'FX-PNL-0001');
    expect(panel).toMatchObject({ kind: 'interactive_panel', site: { name: '明湖小学' }, room: { name: '三年级二班' } });
    expect(panel?.warranty?.clause).toBe('5.5, 5.21.1');
    expect((await coordinator.json<Listed>('/assets?q=DocCam')).assets.map((a) => a.tag)).toEqual(['FX-VIS-0001']);
    const two = await coordinator.json<Listed>('/assets?limit=2');
    expect(two.assets).toHaveLength(2);
    expect(two.next).not.toBeNull();
  });

  it('refuses bad filters and ids with a reason', async () => {
    for (const path of [
      '/assets?status=gone',
      '/assets?warrantyWithin=45',
      '/assets?site=abc',
      '/assets?limit=0',
      '/assets?kind=toaster',
    ]) {
      const res = await coordinator.get(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0);
    }
    expect((await coordinator.get('/assets?q=a%00b')).status).toBe(400);
    expect((await coordinator.get('/assets/not-an-id')).status).toBe(404);
    expect((await coordinator.get('/assets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await coordinator.send('PATCH', '/assets/00000000-0000-4000-8000-000000000000', { model: 'x' })).status).toBe(404);
  });

  it('edits an asset with an audit row, refuses a bad body, and answers nothing changed without a row', async () => {
    const bad = [
      { warrantyMonths: 121 },
      { warrantyMonths: 0 },
      { kind: 'toaster' },
      { acceptedOn: '2026-13-01' },
      { model: 'a\u0000b' },
      { colour: 'red' },
    ];
    for (const body of bad) {
      const res = await coordinator.send('PATCH', `/assets/${panelId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await coordinator.send('PATCH', `/assets/${panelId}`, { tag: 'FX-OTHER' })).status).toBe(400);
    expect((await coordinator.send('PATCH', `/assets/${panelId}`, { acceptedOn: '2099-01-01' })).status).toBe(400);
    const res = await coordinator.send('PATCH', `/assets/${panelId}`, { model: 'EduBoard 98' });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { asset: ListedAsset; history: { action: string; changes: unknown; agentName: string }[] };
    expect(page.asset.model).toBe('EduBoard 98');
    expect(page.history[0]).toMatchObject({
      action: 'updated',
      agentName: 'taizhang',
      changes: { model: { before: 'EduBoard 86', after: 'EduBoard 98' } },
    });
    const again = await coordinator.send('PATCH', `/assets/${panelId}`, { model: 'EduBoard 98' });
    expect(again.status).toBe(200);
    // Its history: the demo seed's import created it, the edit updated it; the edit again wrote nothing.
    const rows = await fixline.database.db.select().from(assetChanges).where(eq(assetChanges.assetId, panelId));
    expect(rows.map((r) => r.action)).toEqual(['created', 'updated']);
  });

  it('refuses agents and engineers a change with the reason, and lets them read', async () => {
    for (const [name, role] of [
      ['zuoxi', 'agent'],
      ['gongchengshi', 'engineer'],
    ] as const) {
      const client = await account(name, role);
      expect((await client.get('/assets')).status).toBe(200);
      expect((await client.get(`/assets/${panelId}`)).status).toBe(200);
      for (const res of [
        await client.send('PATCH', `/assets/${panelId}`, { model: 'x' }),
        await client.post(`/assets/${panelId}/retire`, { reason: 'x' }),
        await client.post(`/assets/${panelId}/restore`),
      ]) {
        expect(res.status).toBe(403);
        expect(((await res.json()) as { message: string }).message).toContain('coordinator');
      }
    }
  });

  it('retires with a reason and restores', async () => {
    const [visualizer] = await fixline.database.db.select().from(assets).where(eq(assets.tag, 'FX-VIS-0001'));
    const path = `/assets/${visualizer!.id}`;
    expect((await coordinator.post(`${path}/retire`, {})).status).toBe(400);
    expect((await coordinator.post(`${path}/retire`, { reason: '  ' })).status).toBe(400);
    expect((await coordinator.post(`${path}/retire`, { reason: '镜头损坏' })).status).toBe(200);
    expect((await coordinator.post(`${path}/retire`, { reason: '镜头损坏' })).status).toBe(409);
    expect((await coordinator.json<Listed>('/assets?q=FX-VIS')).assets).toEqual([]);
    expect((await coordinator.json<Listed>('/assets?q=FX-VIS&status=retired')).assets.map((a) => a.tag)).toEqual(['FX-VIS-0001']);
    expect((await coordinator.post(`${path}/restore`)).status).toBe(200);
    expect((await coordinator.json<Listed>('/assets?q=FX-VIS')).assets.map((a) => a.tag)).toEqual(['FX-VIS-0001']);
  });

  it('exports the register as CSV with a BOM and as a workbook, the headers in the language asked', async () => {
    const csv = await coordinator.get('/assets/export.csv?lang=en&q=FX-PNL');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('asset-register-');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('Tag,Kind,Model,Serial,School,Room,Contract,Accepted on,Warranty months,Warranty through,Days left,Retired on');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['FX-PNL-0001', 'FX-PNL-0002', 'FX-PNL-0003', 'FX-PNL-0101']);
    expect(lines[1]).toContain('Interactive');

    const xlsx = await coordinator.get('/assets/export.xlsx?q=FX-PNL');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('设备台账');
    expect(sheet.getRow(1).getCell(1).value).toBe('资产编号');
    expect(sheet.getRow(2).getCell(1).value).toBe('FX-PNL-0001');
    expect(sheet.getRow(2).getCell(5).value).toBe('明湖小学');
    expect(sheet.rowCount).toBe(5);
  });
});
