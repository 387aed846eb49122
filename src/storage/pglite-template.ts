import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/**
 * The settings PGlite runs with: PGlite's own, and Postgres's memory sized for one desk rather than
 * a server. Postgres's default shared_buffers (128 MB) made PGlite's WebAssembly memory grow from
 * 128 MB to 189 MB and kept ~110 MB more resident; 16 MB hold the desk's hot pages (the rest is in
 * the operating system's file cache), and keep the memory at PGlite's minimum of 128 MB.
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  ...['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=2MB'],
];

/** Beside the template folder: the hash of the migrations it was made from. */
const STAMP_SUFFIX = '.migrations-hash';

/** The hash of the migrations folder's files (names and contents): a template of other migrations is not used. */
export async function migrationsHash(migrationsFolder: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else
        hash
          .update(path.relative(migrationsFolder, file))
          .update('\0')
          .update(await readFile(file))
          .update('\0');
    }
  };
  await walk(migrationsFolder);
  return hash.digest('hex');
}

/** Whether `template` holds a data folder migrated with the present migrations. */
export async function isTemplateFresh(template: string, migrationsFolder: string): Promise<boolean> {
  try {
    const stamp = await readFile(`${template}${STAMP_SUFFIX}`, 'utf8');
    return existsSync(path.join(template, 'PG_VERSION')) && stamp === (await migrationsHash(migrationsFolder));
  } catch {
    return false;
  }
}

/**
 * Makes `template`: an empty PGlite data folder with every migration applied (no demo data, no
 * accounts), which a fresh DATA_DIR starts as a copy of — a file copy of some 40 MB instead of
 * initdb and the migrations (seconds, and ~500 MB of memory held by the process that ran them).
 * Built in a folder of its own and renamed into place; of two builds at once, the last one wins.
 */
export async function buildPgliteTemplate(template: string, migrationsFolder: string): Promise<void> {
  const staging = `${template}.${process.pid}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.dirname(template), { recursive: true });
  try {
    const hash = await migrationsHash(migrationsFolder);
    const client = await PGlite.create(staging, { startParams: [...PGLITE_START_PARAMS] });
    try {
      await migrate(drizzle(client), { migrationsFolder });
      await client.exec('checkpoint');
    } finally {
      await client.close();
    }
    await rm(template, { recursive: true, force: true });
    await rm(`${template}${STAMP_SUFFIX}`, { force: true });
    await rename(staging, template);
    await writeFile(`${template}${STAMP_SUFFIX}`, hash);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Starts a new data folder as a copy of the template, when the folder holds no database yet and the
 * template is of the present migrations; resolves whether it did (otherwise PGlite runs initdb).
 */
export async function startFromTemplate(dataDir: string, template: string, migrationsFolder: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  if (!(await isTemplateFresh(template, migrationsFolder))) return false;
  // Files already in the folder (the lock, photos) stay; the database's files come from the template,
  // PG_VERSION last: a copy cut short is copied again at the next start, not opened half-made.
  const marker = path.join(template, 'PG_VERSION');
  await cp(template, dataDir, { recursive: true, force: true, filter: (source) => source !== marker });
  await cp(marker, path.join(dataDir, 'PG_VERSION'));
  return true;
}
