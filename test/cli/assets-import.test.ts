import { Readable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { drizzleStore } from '../../src/storage/store.js';
import { assetsImportCommand, importReport } from '../../src/cli/assets-import-command.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const work = mkdtempSync(path.join(tmpdir(), 'fixline-assets-import-'));
const dataDir = path.join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command in this process (as assets-import.ts runs it), on an embedded desk in DATA_DIR. */
async function importList(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await assetsImportCommand(args, {
    stdin: Readable.from([]),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: dataDir },
  });
  return { status, stdout, stderr };
}

/** `npm run assets:import -- …` as an operator runs it, from another directory. */
function spawnImport(...args: string[]) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return spawnSync(TSX, [path.join(ROOT, 'src/cli/assets-import.ts'), ...args], {
    cwd: work,
    env: { ...inherited, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const HEADER = '学校,教室,设备类型,型号,序列号,验收日期,质保月数,合同';
const list = (rows: string[]) => {
  const file = path.join(work, '设备清单.csv');
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
};
const GOOD = [
  '青松小学,四年级一班,交互式平板,EduBoard 75,SN-QS-1,2024/9/1,36,GX-EDU',
  '青松小学,四年级一班,电脑,ClassPC,SN-QS-2,2024年9月1日,,GX-EDU',
  '青松小学,音乐教室,音箱,SoundBar,SN-QS-3,2024-10-01,,GX-EDU',
];

describe('npm run assets:import', () => {
  it('on a new embedded desk: a dry run lists each problem by row and column and writes nothing; then it applies, once', async () => {
    const bad = await importList(list([GOOD[0]!, GOOD[1]!, '青松小学,音乐教室,音响设备,SoundBar,SN-QS-3,2024-13-01,,GX-EDU']), '--dry-run');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('2 problems: nothing was written');
    expect(bad.stdout).toContain('row 4, 设备类型: 不认识的设备类型“音响设备”');
    expect(bad.stdout).toContain('row 4, 验收日期: “2024-13-01”不是日期');
    const english = await importList(list([GOOD[0]!, '青松小学,音乐教室,音箱,SoundBar,SN-QS-3,2024-13-01,,GX-EDU']), '--lang', 'en');
    expect(english.status).toBe(1);
    expect(english.stdout).toContain('row 3, 验收日期: "2024-13-01" is not a date');

    const dry = await importList(list(GOOD), '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing was written: would be 3 created, 0 updated, 0 unchanged');

    // As an operator runs it: the npm script's entry point, in its own process.
    const applied = spawnImport(list(GOOD));
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/applied \(import [0-9a-f-]{36}\): 3 created, 0 updated, 0 unchanged/);
    expect(applied.stdout).toContain('new rooms: 青松小学 四年级一班, 青松小学 音乐教室');
    expect((await importList(list(GOOD))).stdout).toContain('0 created, 0 updated, 3 unchanged');
    const changed = await importList(list([GOOD[0]!, GOOD[1]!, GOOD[2]!.replace('SoundBar', 'SoundBar 2')]));
    expect(changed.stdout).toMatch(/0 created, 1 updated, 2 unchanged\n {2}row 4, FX-AUD-\d{4}: model SoundBar → SoundBar 2/);

    // What a teacher's report will find: the three devices in the register, with the dates as typed.
    const database = await openDatabase({ dataDir, migrate: false });
    try {
      const register = await drizzleStore(database).read.assets.imports.register();
      expect(register.assets.map((a) => [a.serial, a.acceptedOn, a.model]).sort()).toEqual([
        ['SN-QS-1', '2024-09-01', 'EduBoard 75'],
        ['SN-QS-2', '2024-09-01', 'ClassPC'],
        ['SN-QS-3', '2024-10-01', 'SoundBar 2'],
      ]);
      // A desk that runs holds its embedded database: the command says so and what to do.
      const refused = await importList(list(GOOD));
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/is open in a running fixline .+Stop fixline, import, and start it again/);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses unusable options and files with exit code 2 and a reason', async () => {
    expect((await importList()).stderr).toContain('FILE is missing');
    expect((await importList(list(GOOD), '--lang', 'fr')).stderr).toContain('--lang must be zh-CN or en, not "fr"');
    expect((await importList(path.join(work, 'missing.csv'))).status).toBe(2);
    const empty = path.join(work, 'empty.csv');
    writeFileSync(empty, '');
    const refused = await importList(empty);
    expect([refused.status, refused.stderr.startsWith('assets:import: ')]).toEqual([2, true]);
  }, 60_000);
});

describe('the import report', () => {
  it('says how many rows were left out as retired devices', () => {
    const result = {
      applied: false,
      importId: null,
      fileName: 'export.csv',
      rows: 3,
      created: 0,
      updated: 0,
      unchanged: 1,
      retired: 2,
      sitesCreated: [],
      roomsCreated: [],
      problems: [],
      creates: [],
      updates: [],
    };
    expect(importReport(result, true, 'en')).toContain(
      'dry run, nothing was written: would be 0 created, 0 updated, 1 unchanged, 2 left out as retired',
    );
    expect(importReport({ ...result, retired: 0 }, true, 'en')).toContain(
      'dry run, nothing was written: would be 0 created, 0 updated, 1 unchanged',
    );
  });
});
