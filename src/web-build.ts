import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, SOURCE_DIR, WEB_DIST_DIR, WEB_PAGES, WEB_SHARED_SOURCES } from './paths.js';

/** Written into dist-web/: the hash of the sources it was built from. */
const STAMP = '.sources-hash';

/** Why the pages could not be built (the startup error says so in one line). */
export class WebBuildError extends Error {
  override readonly name = 'WebBuildError';
}

/**
 * Builds the browser pages (vite.config.ts) unless dist-web/ already holds a build of the present
 * sources: `npm start` and the tests call it, so that a fresh clone, or an edited page, is served
 * as it is now without a separate step, and a start with nothing changed costs one hash of the
 * sources (a few milliseconds). Resolves 'built' or 'fresh'.
 *
 * The build goes to a folder of its own and is renamed into place, so a server never reads half a
 * build; of two processes building at once, the second finds the first's and drops its own.
 */
export async function ensureWebBuild(): Promise<'built' | 'fresh'> {
  if (await isFresh(WEB_DIST_DIR)) return 'fresh';
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    if (existsSync(path.join(WEB_DIST_DIR, STAMP))) return 'fresh'; // an installation without build tools serves what it was given
    throw new WebBuildError(
      'the web pages are not built and Vite is not installed: run `npm install` (or `npm run build:web` where it is)',
    );
  }
  const staging = `${WEB_DIST_DIR}.${process.pid}.partial`;
  try {
    const result = await vite.build({
      configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    // Also the pages' files no bundle names (type-only modules, CSS inlined by @import): all are hashed.
    const files = [...new Set([...builtFrom(result), ...(await pageFiles())])].sort();
    const stamp: Stamp = { files, hash: await hashOf(files) };
    await writeFile(path.join(staging, STAMP), JSON.stringify(stamp));
    if (await isFresh(WEB_DIST_DIR)) return 'fresh';
    await rm(WEB_DIST_DIR, { recursive: true, force: true });
    await rename(staging, WEB_DIST_DIR);
    return 'built';
  } catch (error) {
    if (await isFresh(WEB_DIST_DIR)) return 'fresh';
    throw new WebBuildError(`the web pages could not be built: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The files a build was made from (relative to the project) and their hash. */
interface Stamp {
  readonly files: readonly string[];
  readonly hash: string;
}

/** Whether `dir` holds a build of the files as they are now (none added to a page's folder since). */
async function isFresh(dir: string): Promise<boolean> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  const now = new Set(await pageFiles());
  if (![...now].every((file) => stamp.files.includes(file))) return false;
  try {
    return (await hashOf(stamp.files)) === stamp.hash;
  } catch {
    return false; // a file it was built from is gone
  }
}

/**
 * Every file of ours the bundles were made from (the pages, the styles and the domain modules they
 * import), the pages' folders, the build's configuration and the installed packages' lock.
 */
function builtFrom(result: Awaited<ReturnType<typeof import('vite').build>>): string[] {
  const outputs = Array.isArray(result) ? result : [result];
  const ids = outputs.flatMap((output) =>
    ('output' in output ? output.output : []).flatMap((item) => (item.type === 'chunk' ? item.moduleIds : [])),
  );
  const ours = ids
    .filter((id) => id.startsWith(PROJECT_ROOT) && !id.includes(`${path.sep}node_modules${path.sep}`))
    .map((id) => path.relative(PROJECT_ROOT, id.split('?')[0] ?? id));
  return [...new Set([...ours, ...FIXED])].sort();
}

/** Always part of a build. */
const FIXED = ['vite.config.ts', 'package-lock.json', ...WEB_PAGES.map((page) => path.join('src', page.source, 'index.html'))];

/** The files now in the pages' and shared folders (a new one means a rebuild). */
async function pageFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of [...WEB_PAGES.map((page) => page.source), ...WEB_SHARED_SOURCES]) {
    const root = path.join(SOURCE_DIR, dir);
    if (!existsSync(root)) continue;
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(tsx?|jsx?|css|html)$/.test(entry.name))
        files.push(path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  return files;
}

async function hashOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(PROJECT_ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}
