import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport, type ImportFile, type ImportResult } from '../../src/app/asset-import/apply.js';
import { registerTable } from '../../src/app/asset-register/export-table.js';
import { AssetRegisterDesk } from '../../src/app/asset-register/register-desk.js';
import { tableCsv } from '../../src/app/reports/export.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import { PROBLEM_CODES } from '../../src/domain/asset-import/spec.js';
import type { Agent } from '../../src/ports/console-store.js';
import type { Store } from '../../src/ports/store.js';
import { seedDemo, syncContracts } from '../../src/storage/seed.js';
import { assetChanges, assetImports, assets, rooms, sites } from '../../src/storage/schema.js';
import { drizzleStore } from '../../src/storage/store.js';
import type { TestDatabaseKind } from '../support/database.js';
import { testDatabase } from '../support/database.js';
import { shippedCatalog } from '../support/desk.js';
import { csvFile, HEADERS_EN, HEADERS_ZH, manyRows, xlsxFile } from './asset-import-files.js';

/** Monday 30 November 2026, 10:00 in Shanghai. */
const NOW = new Date('2026-11-30T02:00:00Z');
const LATER = new Date('2026-12-01T02:00:00Z');

/**
 * Importing an equipment list (issue 16 item 1) on a seeded desk: every header and date form, every
 * problem by row and column, dry run, apply, re-apply, update, generated tags, retired assets,
 * concurrent imports, other instances' caches, and 10,000 rows timed.
 */
export function assetImportSuite(kind: TestDatabaseKind) {
  describe(`importing an equipment list, on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;
    let catalog: Catalog;

    beforeAll(async () => {
      database = await testDatabase(kind);
      catalog = await shippedCatalog();
      await syncContracts(database.db, catalog.contracts);
      await seedDemo(database.db, catalog, NOW);
      store = drizzleStore(database);
    });
    afterAll(async () => database?.drop());

    const db = () => database.db;
    const run = (file: ImportFile, options: { dryRun?: boolean; now?: Date } = {}) =>
      applyImport(store, catalog, { file, agentId: null, now: options.now ?? NOW, dryRun: options.dryRun ?? false });
    const counts = async () => {
      const one = async (table: typeof assets | typeof sites | typeof rooms | typeof assetImports | typeof assetChanges) =>
        (await db().select({ n: count() }).from(table))[0]?.n ?? 0;
      return {
        assets: await one(assets),
        sites: await one(sites),
        rooms: await one(rooms),
        imports: await one(assetImports),
        changes: await one(assetChanges),
      };
    };
    const assetByTag = async (tag: string) => (await db().select().from(assets).where(eq(assets.tag, tag)))[0];
    const clean = (r: ImportResult) => expect(r.problems).toEqual([]);

    it('reads every header form of import.yaml, in zh-CN and en', async () => {
      const spec = catalog.assetImport;
      const fields = Object.keys(spec.columns) as (keyof typeof spec.columns)[];
      const widest = Math.max(...fields.map((f) => spec.columns[f].length));
      for (let i = 0; i < widest; i++) {
        const headers = fields.map((f) => spec.columns[f][i % spec.columns[f].length] ?? f);
        const row = ['明湖小学', '三年级二班', '展台', 'DocCam V9', `SN-HDR-${i}`, '2024-09-01', '24', 'GX-EDU', `HDR-${i}`];
        const result = await run(csvFile(`headers-${i}.csv`, [headers, row]), { dryRun: true });
        expect(result.problems, headers.join(',')).toEqual([]);
        expect(result.creates).toEqual([
          {
            line: 2,
            tag: `HDR-${i}`,
            school: '明湖小学',
            room: '三年级二班',
            kind: 'visualizer',
            model: 'DocCam V9',
            serial: `SN-HDR-${i}`,
          },
        ]);
      }
    });

    it('reads every kind name of import.yaml', async () => {
      const names = Object.entries(catalog.assetImport.kinds).flatMap(([id, words]) => [id, ...words].map((w) => [w, id] as const));
      const rows = names.map(([name], i) => ['明湖小学', null, name, null, `SN-KIND-${i}`, '2024-09-01', null, null, null]);
      const result = await run(csvFile('kinds.csv', [HEADERS_ZH, ...rows]), { dryRun: true });
      clean(result);
      expect(result.creates.map((c) => c.kind)).toEqual(names.map(([, id]) => id));
    });

    it('reads every date form, in CSV and in XLSX (text, Excel serial numbers and real date cells)', async () => {
      const forms = ['2024-09-01', '2024/9/1', '2024年9月1日', '45536'];
      const csv = await run(
        csvFile('dates.csv', [
          HEADERS_EN,
          ...forms.map((d, i) => ['明湖小学', '录播教室', 'projector', 'P1', null, d, 12, null, `DATE-C${i}`]),
        ]),
      );
      clean(csv);
      const xlsx = await run(
        await xlsxFile('dates.xlsx', [
          HEADERS_ZH,
          ...[...forms, 45536, new Date(Date.UTC(2024, 8, 1))].map((d, i) => [
            '明湖小学',
            '录播教室',
            '投影仪',
            'P1',
            null,
            d,
            12,
            null,
            `DATE-X${i}`,
          ]),
        ]),
      );
      clean(xlsx);
      expect(csv.created + xlsx.created).toBe(10);
      const dates = await db()
        .select({ tag: assets.tag, on: assets.acceptedAt })
        .from(assets)
        .where(sql`${assets.tag} like 'DATE-%'`);
      expect(dates).toHaveLength(10);
      expect(new Set(dates.map((d) => d.on))).toEqual(new Set(['2024-09-01']));
    });

    it('reports a bad row of every problem code with its row and column, in both languages, and writes nothing', async () => {
      const before = await counts();
      const header = [...HEADERS_ZH];
      const bad: (string | number | null)[][] = [
        [null, null, '展台', null, null, '2024-09-01', null, null, null], // 2 required (学校)
        ['明湖小学', null, '咖啡机', null, null, '2024-09-01', null, null, null], // 3 unknown_kind
        ['明湖小学', null, '展台', null, null, '2024-02-30', null, null, null], // 4 bad_date
        ['明湖小学', null, '展台', null, null, '2027-01-01', null, null, null], // 5 future_date
        ['明湖小学', null, '展台', null, null, '2024-09-01', '200', null, null], // 6 bad_months
        ['明湖小学', null, '展台', null, null, '2024-09-01', null, 'NO-SUCH', null], // 7 unknown_contract
        ['明湖小学', null, '展台', null, null, '2024-09-01', null, null, 'a b'], // 8 bad_tag
        ['明湖小学', null, '展台', null, 'SN-DUP', '2024-09-01', null, null, 'DUP-1'], // 9
        ['明湖小学', null, '展台', null, 'SN-DUP', '2024-09-01', null, null, 'DUP-1'], // 10 duplicate_tag, duplicate_serial
        ['明湖小学', 'x'.repeat(201), '展台', null, null, '2024-09-01', null, null, null], // 11 too_long
        ['明湖小学', '一班\u0007', '展台', null, null, '2024-09-01', null, null, null], // 12 bad_characters
        ['新开的学校', null, '展台', null, null, '2024-09-01', null, null, null], // 13 new_school_needs_contract
      ];
      const result = await run(csvFile('bad.csv', [header, ...bad]));
      const found = result.problems.map((p) => [p.line, p.column, p.code]);
      expect(found).toEqual(
        expect.arrayContaining([
          [2, '学校', 'required'],
          [3, '类型', 'unknown_kind'],
          [4, '验收日期', 'bad_date'],
          [5, '验收日期', 'future_date'],
          [6, '质保月数', 'bad_months'],
          [7, '合同', 'unknown_contract'],
          [8, '资产编号', 'bad_tag'],
          [10, '资产编号', 'duplicate_tag'],
          [10, '序列号', 'duplicate_serial'],
          [11, '教室', 'too_long'],
          [12, '教室', 'bad_characters'],
        ]),
      );
      // A new school without a contract is found by the plan, once the rows are otherwise fine.
      const school = await run(csvFile('school.csv', [header, bad[11]!]));
      expect(school.problems.map((p) => [p.line, p.column, p.code, p.message.en])).toEqual([
        [2, '合同', 'new_school_needs_contract', 'the new school "新开的学校" needs a contract'],
      ]);
      const noColumn = await run(
        csvFile('no-contract.csv', [
          ['学校', '类型', '验收日期'],
          ['新开的学校', '展台', '2024-09-01'],
        ]),
      );
      expect(noColumn.problems.map((p) => [p.line, p.column, p.code])).toEqual([[2, null, 'new_school_needs_contract']]);
      const missing = await run(
        csvFile('missing.csv', [
          ['学校', '类型'],
          ['明湖小学', '展台'],
        ]),
      );
      expect(missing.problems.map((p) => [p.line, p.column, p.code, p.message['zh-CN']])).toEqual([
        [1, '验收日期', 'missing_column', '缺少“验收日期”列'],
      ]);
      const twice = await run(
        csvFile('twice.csv', [
          ['学校', '类型', '验收日期', 'school'],
          ['明湖小学', '展台', '2024-09-01', 'x'],
        ]),
      );
      expect(twice.problems.map((p) => [p.line, p.column, p.code])).toEqual([[1, 'school', 'duplicate_column']]);
      const codes = new Set([...result.problems, ...school.problems, ...missing.problems, ...twice.problems].map((p) => p.code));
      expect([...codes].sort()).toEqual([...PROBLEM_CODES].sort());
      expect(result.problems.find((p) => p.code === 'duplicate_tag')?.message).toEqual({
        'zh-CN': '资产编号“DUP-1”在第9行已出现',
        en: 'the tag "DUP-1" is already on row 9',
      });
      expect([result.applied, result.importId, school.applied, missing.applied]).toEqual([false, null, false, false]);
      expect(await counts()).toEqual(before);
    });

    const pine = [
      HEADERS_ZH,
      ['青松小学', '四年级一班', '交互式平板', 'EduBoard 86', 'SN-PINE-1', '2025/3/1', 36, 'GX-EDU', null],
      ['青松小学', '四年级一班', '展台', 'DocCam V5', 'SN-PINE-2', '2025年3月1日', 36, null, null],
      ['青松小学', '五年级二班', '交互式平板', 'EduBoard 75', null, '2025-03-01', null, null, 'PINE-PNL-9'],
      ['明湖小学', '三年级二班', '交互式平板', 'EduBoard 86', 'SN-PNL-0001', '2024-09-01', 60, null, 'FX-PNL-0001'],
    ];

    it('a dry run says what would happen and writes nothing; applying does it and logs it; applying again changes nothing', async () => {
      const before = await counts();
      const dry = await run(csvFile('pine.csv', pine), { dryRun: true });
      clean(dry);
      expect(dry).toMatchObject({
        applied: false,
        importId: null,
        rows: 4,
        created: 3,
        updated: 1,
        unchanged: 0,
        sitesCreated: ['青松小学'],
      });
      expect(dry.roomsCreated).toEqual([
        { site: '青松小学', room: '四年级一班' },
        { site: '青松小学', room: '五年级二班' },
      ]);
      // Generated tags follow the highest in use (the demo's panels go up to FX-PNL-0101).
      expect(dry.creates.map((c) => c.tag)).toEqual(['FX-PNL-0102', 'FX-VIS-0002', 'PINE-PNL-9']);
      expect(dry.updates).toEqual([
        {
          line: 5,
          tag: 'FX-PNL-0001',
          changes: expect.objectContaining({
            acceptedOn: expect.objectContaining({ after: '2024-09-01' }),
            warrantyMonths: { before: null, after: 60 },
          }),
        },
      ]);
      expect(await counts()).toEqual(before);

      const applied = await run(csvFile('pine.csv', pine));
      expect(applied).toMatchObject({ applied: true, created: 3, updated: 1, unchanged: 0 });
      expect(applied.importId).toMatch(/^[0-9a-f-]{36}$/);
      const after = await counts();
      expect(after).toEqual({
        ...before,
        assets: before.assets + 3,
        sites: before.sites + 1,
        rooms: before.rooms + 2,
        imports: before.imports + 1,
        changes: before.changes + 4,
      });
      const logged = await db().select().from(assetChanges).where(eq(assetChanges.importId, applied.importId!));
      expect(logged.map((l) => l.action).sort()).toEqual(['created', 'created', 'created', 'updated']);
      const panel = await assetByTag('FX-PNL-0102');
      expect(panel).toMatchObject({
        serial: 'SN-PINE-1',
        acceptedAt: '2025-03-01',
        warrantyMonths: 36,
        contractId: 'GX-EDU',
        kind: 'interactive_panel',
      });
      expect(panel?.updatedAt).toEqual(NOW);
      const updatedAt = (await assetByTag('FX-PNL-0001'))?.updatedAt;
      expect(updatedAt).toEqual(NOW);

      const again = await run(csvFile('pine.csv', pine), { now: LATER });
      expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 4, sitesCreated: [], roomsCreated: [] });
      expect(await counts()).toEqual({ ...after, imports: after.imports + 1 });
      expect((await assetByTag('FX-PNL-0001'))?.updatedAt).toEqual(updatedAt);
    });

    it('a changed row updates the asset and logs what changed; another room is a move', async () => {
      const changed = pine.map((r) => [...r]);
      changed[2]![3] = 'DocCam V6'; // the visualizer's model
      changed[3]![1] = '五年级三班'; // PINE-PNL-9 moves
      const result = await run(csvFile('pine-2.csv', changed), { now: LATER });
      clean(result);
      expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 2, roomsCreated: [{ site: '青松小学', room: '五年级三班' }] });
      const logged = await db().select().from(assetChanges).where(eq(assetChanges.importId, result.importId!));
      expect(logged.map((l) => [l.action, l.changes]).sort()).toEqual([
        ['moved', { room: { before: '五年级二班', after: '五年级三班' } }],
        ['updated', { model: { before: 'DocCam V5', after: 'DocCam V6' } }],
      ]);
      expect((await assetByTag('FX-VIS-0002'))?.updatedAt).toEqual(LATER);
      expect((await assetByTag('FX-PNL-0102'))?.updatedAt).toEqual(NOW);
    });

    it('a row naming a retired asset restores it, logged as restored', async () => {
      await db().update(assets).set({ retiredAt: NOW }).where(eq(assets.tag, 'PINE-PNL-9'));
      const rows = [HEADERS_ZH, ['青松小学', '五年级三班', '交互式平板', 'EduBoard 75', null, '2025-03-01', null, null, 'PINE-PNL-9']];
      const preview = await run(csvFile('restore.csv', rows), { dryRun: true, now: LATER });
      expect(preview.updates).toEqual([{ line: 2, tag: 'PINE-PNL-9', changes: { retired: { before: '2026-11-30', after: null } } }]);
      const result = await run(csvFile('restore.csv', rows), { now: LATER });
      expect(result).toMatchObject({ applied: true, updated: 1 });
      expect((await assetByTag('PINE-PNL-9'))?.retiredAt).toBeNull();
      const [line] = await db().select().from(assetChanges).where(eq(assetChanges.importId, result.importId!));
      expect(line?.action).toBe('restored');
    });

    it("the register's export (CSV, zh-CN and en) reads back in unchanged; its retired devices are left out, not restored", async () => {
      await db().update(assets).set({ retiredAt: NOW }).where(eq(assets.tag, 'FX-VIS-0002'));
      const viewer = { id: 'export-test', role: 'coordinator' } as unknown as Agent;
      const all = await new AssetRegisterDesk(store, catalog).all(viewer, { status: 'all', limit: 50 }, LATER);
      const retired = all.filter((a) => a.retiredAt).length;
      expect(retired).toBeGreaterThan(0);
      expect(all.some((a) => a.warrantyMonths === null) && all.some((a) => a.warrantyMonths !== null)).toBe(true);
      const before = await counts();
      for (const lang of ['zh-CN', 'en'] as const) {
        const csv = tableCsv(registerTable(all, catalog.desk, lang));
        const file = { name: `export-${lang}.csv`, bytes: new TextEncoder().encode(csv) };
        const result = await run(file, { dryRun: true, now: LATER });
        clean(result);
        expect(result, lang).toMatchObject({ rows: all.length, created: 0, updated: 0, unchanged: all.length - retired, retired });
        expect(result.updates).toEqual([]);
      }
      expect(await counts()).toEqual(before);
      const applied = await run(
        csvFile('retired.csv', [
          [...HEADERS_EN, 'retired on'],
          ['x', null, 'nothing', null, null, 'soon', null, null, 'FX-VIS-0002', '2026-11-30'],
        ]),
      );
      expect(applied).toMatchObject({ applied: true, rows: 1, created: 0, updated: 0, unchanged: 0, retired: 1, problems: [] });
      expect((await assetByTag('FX-VIS-0002'))?.retiredAt).toEqual(NOW);
    });

    it('two imports at once take turns: one school, no tag given out twice', async () => {
      const a = csvFile('a.csv', [HEADERS_ZH, ...manyRows('SN-A', 30, '并发小学')]);
      const b = csvFile('b.csv', [HEADERS_ZH, ...manyRows('SN-B', 30, '并发小学')]);
      const [ra, rb] = await Promise.all([run(a), run(b)]);
      expect([ra.applied, rb.applied, ra.created, rb.created]).toEqual([true, true, 30, 30]);
      expect(ra.sitesCreated.length + rb.sitesCreated.length).toBe(1);
      const [site] = await db().select().from(sites).where(eq(sites.name, '并发小学'));
      const tags = await db().select({ tag: assets.tag }).from(assets).where(eq(assets.siteId, site!.id));
      expect(new Set(tags.map((t) => t.tag.toUpperCase())).size).toBe(60);
    });

    it('every instance finds the imported assets at once, though it caches places', async () => {
      const other = drizzleStore(database, { placesTtlMs: 600_000 });
      expect(await other.read.places.findAssetByTag('CACHE-1')).toBeNull();
      expect((await other.read.places.listSites()).some((s) => s.label === '缓存小学')).toBe(false);
      const rows = [HEADERS_EN, ['缓存小学', 'Room 1', 'panel', null, null, '2024-09-01', null, 'GX-EDU', 'CACHE-1']];
      expect((await run(csvFile('cache.csv', rows))).applied).toBe(true);
      await expect.poll(() => other.read.places.findAssetByTag('CACHE-1'), { timeout: 3000 }).toMatchObject({ tag: 'CACHE-1' });
      expect((await other.read.places.listSites()).some((s) => s.label === '缓存小学')).toBe(true);
    });

    it('imports 10,000 rows in one go (under 10 s on PostgreSQL), and again with nothing to change', async () => {
      const file = csvFile('big.csv', [HEADERS_ZH, ...manyRows('SN-BIG', 10_000, '万台中学')]);
      const started = performance.now();
      const result = await run(file);
      const seconds = (performance.now() - started) / 1000;
      clean(result);
      expect(result).toMatchObject({ applied: true, created: 10_000, rows: 10_000 });
      expect(result.creates).toHaveLength(200);
      const started2 = performance.now();
      const again = await run(file);
      const seconds2 = (performance.now() - started2) / 1000;
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
      console.log(
        `asset import on ${kind}: 10,000 rows applied in ${seconds.toFixed(2)} s, re-applied (unchanged) in ${seconds2.toFixed(2)} s`,
      );
      const [n] = await db()
        .select({ n: count() })
        .from(assetChanges)
        .where(and(eq(assetChanges.importId, result.importId!), eq(assetChanges.action, 'created')));
      expect(n?.n).toBe(10_000);
      if (kind === 'postgres') expect(seconds).toBeLessThan(10);
    }, 120_000);
  });
}
