import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTemplateFresh, migrationsHash, PGLITE_START_PARAMS, startFromTemplate } from '../../src/storage/pglite-template.js';

// A stand-in template (files, not a database): what is copied, and when, is the question here.
let root: string;
let migrations: string;
let template: string;
let dataDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fixline-template-'));
  migrations = path.join(root, 'migrations');
  template = path.join(root, 'template');
  dataDir = path.join(root, 'data');
  await mkdir(path.join(migrations, 'meta'), { recursive: true });
  await writeFile(path.join(migrations, '0000_first.sql'), 'create table a (id int);');
  await writeFile(path.join(migrations, 'meta', '_journal.json'), '{}');
  await mkdir(path.join(template, 'base'), { recursive: true });
  await writeFile(path.join(template, 'PG_VERSION'), '17\n');
  await writeFile(path.join(template, 'base', '1'), 'pages');
  await writeFile(`${template}.migrations-hash`, await migrationsHash(migrations));
  await mkdir(dataDir);
  await writeFile(path.join(dataDir, 'fixline.lock'), 'mine');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('the PGlite template', () => {
  it('starts a folder holding no database as a copy, keeping the files already there', async () => {
    expect(await startFromTemplate(dataDir, template, migrations)).toBe(true);
    expect(await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(await readFile(path.join(dataDir, 'base', '1'), 'utf8')).toBe('pages');
    expect(await readFile(path.join(dataDir, 'fixline.lock'), 'utf8')).toBe('mine');
  });

  it('leaves a folder that holds a database alone', async () => {
    await writeFile(path.join(dataDir, 'PG_VERSION'), '16\n');
    expect(await startFromTemplate(dataDir, template, migrations)).toBe(false);
    expect(await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).toBe('16\n');
  });

  it('is not used once a migration changed, was added, or without its stamp', async () => {
    expect(await isTemplateFresh(template, migrations)).toBe(true);
    await writeFile(path.join(migrations, '0001_second.sql'), 'create table b (id int);');
    expect(await isTemplateFresh(template, migrations)).toBe(false);
    expect(await startFromTemplate(dataDir, template, migrations)).toBe(false);
    await writeFile(`${template}.migrations-hash`, await migrationsHash(migrations));
    expect(await isTemplateFresh(template, migrations)).toBe(true);
    await rm(`${template}.migrations-hash`);
    expect(await isTemplateFresh(template, migrations)).toBe(false);
  });

  it('runs Postgres with buffers sized for one desk, after PGlite’s own settings', () => {
    expect(PGLITE_START_PARAMS.slice(0, 2)).toEqual(['--single', '-F']);
    expect(PGLITE_START_PARAMS.join(' ')).toContain('-c shared_buffers=16MB');
  });
});
