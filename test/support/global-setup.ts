import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/storage/database.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { ensureWebBuild } from '../../src/web-build.js';

/** This checkout's templates (another checkout's runs keep theirs). */
const PREFIX = `fixline-pglite-template-${createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 8)}-`;

/**
 * One migrated PGlite database that every test starts from a copy of (fast). It is made once per
 * change of the migrations or the installed packages and kept in the temporary folder, so that a
 * run, or one test file, does not pay for migrating a fresh database (about 4 s); making a new one
 * removes this checkout's older ones.
 */
export default async function setup(project: TestProject) {
  // The pages the browser tests and the page routes serve, built from the present sources.
  await ensureWebBuild();
  const key = await templateKey();
  const file = path.join(os.tmpdir(), `${PREFIX}${key}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
    await database.close();
    // Written aside and renamed: a run starting at the same time never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, dump);
    await rename(partial, file);
    await removeOtherTemplates(path.basename(file));
  }
  project.provide('pgliteTemplate', file);
}

/** What the template depends on: the migrations, and the packages that make and read it. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(path.join(PROJECT_ROOT, 'package-lock.json')));
  for (const entry of await readdir(MIGRATIONS_FOLDER, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(MIGRATIONS_FOLDER, file)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function removeOtherTemplates(keep: string): Promise<void> {
  for (const name of await readdir(os.tmpdir())) {
    if (name.startsWith(PREFIX) && name.endsWith('.tar') && name !== keep) await rm(path.join(os.tmpdir(), name), { force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
