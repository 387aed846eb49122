import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/app/asset-import/apply.js';
import type { Fixline } from '../../src/server.js';
import { assets } from '../../src/storage/schema.js';
import { csvFile, HEADERS_ZH } from '../app/asset-import-files.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fixline: Fixline;
let admin: ConsoleClient;

const good = csvFile('明湖.csv', [
  HEADERS_ZH,
  ['明湖小学', '三年级二班', '展台', 'DocCam V9', 'SN-HTTP-1', '2024/9/1', 36, null, 'HTTP-VIS-1'],
]);
const bad = csvFile('bad.csv', [HEADERS_ZH, ['明湖小学', '三年级二班', '咖啡机', null, null, '2024/9/1', null, null, null]]);

/** POSTs a file as the console does: multipart/form-data, field `file`. */
function upload(client: ConsoleClient, query: string, file: { name: string; bytes: Uint8Array }, field = 'file'): Promise<Response> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file.bytes)]), file.name);
  return fetch(`${fixline.url}/api/console/assets/import${query}`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, origin: fixline.url },
    body: form,
  });
}

async function agent(username: string, role: string): Promise<ConsoleClient> {
  await admin.post('/agents', { username, displayName: username, role, password: `${username}-password-1` });
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

beforeAll(async () => {
  fixline = await startTestServer({}, { clock: () => new Date('2026-11-30T02:00:00Z') });
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
}, 60_000);
afterAll(async () => fixline?.stop());

describe('the asset import API', () => {
  it('refuses agents and engineers (403) with the reason', async () => {
    for (const [name, role] of [
      ['importagent', 'agent'],
      ['importengineer', 'engineer'],
    ] as const) {
      const client = await agent(name, role);
      const res = await upload(client, '?dryRun=1', good);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toContain('imports');
      expect((await client.get('/assets/imports')).status).toBe(403);
    }
  });

  it('refuses a file over 10 MB (413), a body that is not a file (400) and an unreadable file (400), with a reason', async () => {
    const huge = { name: 'huge.csv', bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41) };
    const tooBig = await upload(admin, '?dryRun=1', huge);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { message: string }).message).toContain('10 MB');
    // Without a Content-Length (a stream) the body is cut off as soon as it passes the limit.
    const streamed = await fetch(`${fixline.url}/api/console/assets/import?dryRun=1`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: fixline.url, 'content-type': 'multipart/form-data; boundary=x' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(0x41));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await admin.post('/assets/import?dryRun=1', { file: 'x' })).status).toBe(400);
    expect((await upload(admin, '?dryRun=1', good, 'other')).status).toBe(400);
    const broken = await upload(admin, '?dryRun=1', { name: 'broken.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]) });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'unreadable_file', message: expect.stringContaining('XLSX') });
    const png = await upload(admin, '?dryRun=1', {
      name: 'photo.png',
      bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
    expect(png.status).toBe(400);
    expect(((await png.json()) as { message: string }).message).toContain('neither a CSV nor an XLSX');
    const empty = await upload(admin, '?dryRun=1', { name: 'empty.csv', bytes: new Uint8Array() });
    expect(empty.status).toBe(400);
    const noHeader = await upload(admin, '?dryRun=1', {
      name: 'blank.csv',
      bytes: new TextEncoder().encode(',,\n明湖小学,展台,2024-09-01\n'),
    });
    expect(noHeader.status).toBe(400);
  });

  it('previews a file with problems (200) by row and column in both languages; applying it is 422 and writes nothing', async () => {
    const preview = await upload(admin, '?dryRun=1', bad);
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as ImportResult;
    expect(body).toMatchObject({ applied: false, importId: null, fileName: 'bad.csv', rows: 1 });
    expect(body.problems).toEqual([
      {
        line: 2,
        column: '类型',
        code: 'unknown_kind',
        value: '咖啡机',
        message: { 'zh-CN': '不认识的设备类型“咖啡机”', en: 'unknown device kind "咖啡机"' },
      },
    ]);
    const applied = await upload(admin, '', bad);
    expect(applied.status).toBe(422);
    expect(((await applied.json()) as ImportResult).applied).toBe(false);
    // Only the demo seed's own import (seed/demo-equipment.csv, from the command line) is listed.
    const listed = (await admin.json<{ imports: { fileName: string; agentName: string | null }[] }>('/assets/imports')).imports;
    expect(listed.map((i) => [i.fileName, i.agentName])).toEqual([['demo-equipment.csv', null]]);
  });

  it('previews (200, nothing written), applies (200), and lists the import', async () => {
    const preview = (await (await upload(admin, '?dryRun=1', good)).json()) as ImportResult;
    expect(preview).toMatchObject({ applied: false, created: 1, problems: [] });
    expect(preview.creates).toEqual([
      { line: 2, tag: 'HTTP-VIS-1', school: '明湖小学', room: '三年级二班', kind: 'visualizer', model: 'DocCam V9', serial: 'SN-HTTP-1' },
    ]);
    expect(await fixline.database.db.select().from(assets).where(eq(assets.tag, 'HTTP-VIS-1'))).toEqual([]);
    const res = await upload(admin, '', good);
    expect(res.status).toBe(200);
    const applied = (await res.json()) as ImportResult;
    expect(applied).toMatchObject({ applied: true, created: 1, updated: 0, unchanged: 0, fileName: '明湖.csv' });
    expect(await fixline.database.db.select().from(assets).where(eq(assets.tag, 'HTTP-VIS-1'))).toHaveLength(1);
    const { imports } = await admin.json<{ imports: Record<string, unknown>[] }>('/assets/imports');
    // Newest first; the demo seed's import has the same (frozen) time here, so either may come first.
    expect(imports).toHaveLength(2);
    expect(imports).toEqual(
      expect.arrayContaining([
        {
          id: applied.importId,
          at: '2026-11-30T02:00:00.000Z',
          agentName: '管理员',
          fileName: '明湖.csv',
          rows: 1,
          created: 1,
          updated: 0,
          unchanged: 0,
        },
        expect.objectContaining({ fileName: 'demo-equipment.csv', agentName: null, created: 10 }),
      ]),
    );
  });
});
