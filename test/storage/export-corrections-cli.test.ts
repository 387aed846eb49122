import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { shippedCatalog } from '../support/desk.js';
import { seedCorrectedDesk } from './corrections-data.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const work = mkdtempSync(path.join(tmpdir(), 'fixline-export-'));
const dataDir = path.join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A command as `npm run` starts it, from another directory, with the desk's settings in its environment. */
function run(script: string, args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return spawnSync(TSX, [path.join(ROOT, 'src/cli', script), ...args], {
    cwd: work,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run triage:export-corrections', () => {
  it('exports the corrections of an embedded desk to a file that eval:triage reads; refuses while a fixline holds DATA_DIR', async () => {
    const template = await readFile(inject('pgliteTemplate'));
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([template]) });
    await seedCorrectedDesk(database.db, await shippedCatalog());

    // The desk still has its database open: the export says so and what to do.
    const refused = run('export-corrections.ts', [], { DATA_DIR: dataDir });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      new RegExp(
        `DATA_DIR=${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is open in a running fixline \\(pid ${process.pid} on .+\\).+Stop fixline`,
      ),
    );
    await database.close();

    const out = path.join(work, 'corrections.jsonl');
    const exported = run('export-corrections.ts', ['--out', out], { DATA_DIR: dataDir });
    expect(exported.stderr).toBe(`triage:export-corrections: 2 corrected tickets exported to ${out}\n`);
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['FX-2026-00002', 'FX-2026-00001']);

    const evaluated = run('eval-triage.ts', [out, '--extractor', 'rules'], {});
    expect(evaluated.stderr).toBe('');
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toMatch(/severity/);

    const nowhere = run('export-corrections.ts', [], { DATA_DIR: path.join(work, 'missing') });
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/there is no database in DATA_DIR=.*missing/);
  }, 90_000);
});
