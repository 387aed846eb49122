// The build `npm start` runs: the server's TypeScript (src/, less the browser pages, which
// dist-web/ holds) transpiled into dist/src/ by esbuild, and dist/pglite-template/, the migrated data
// folder a fresh DATA_DIR starts as a copy of. `ensureBuild` redoes what the sources or migrations
// made stale; `npm install` runs this file (postinstall), `npm start` calls it before every start
// (a hash of the sources, ~20 ms, when nothing changed). Type checking stays with `npm run typecheck`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'src');
const STAMP = path.join(DIST, '.sources-hash');
/** Browser pages, built by Vite into dist-web/ (tsconfig.build.json leaves them out too). */
const PAGES = ['console', 'ui', path.join('channels', 'webchat', 'page')].map((dir) => path.join(SRC, dir));

async function serverSources(dir = SRC) {
  const files = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!PAGES.includes(file)) files.push(...(await serverSources(file)));
    } else if (/\.(ts|mts|js|mjs|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(file);
    }
  }
  return files;
}

async function hashOf(files) {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(path.relative(ROOT, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex');
}

/** Transpiles the server's sources into dist/src/ (in a folder of its own, renamed into place). */
async function transpile(files) {
  const { build } = await import('esbuild');
  const staging = `${OUT}.${process.pid}.partial`;
  try {
    const code = files.filter((file) => /\.m?ts$/.test(file));
    await build({
      entryPoints: code,
      outdir: staging,
      outbase: SRC,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      logLevel: 'error',
    });
    // Files run or read as they are (a worker's .mjs entry, JSON) are copied.
    for (const file of files.filter((f) => !/\.m?ts$/.test(f))) {
      const to = path.join(staging, path.relative(SRC, file));
      await rm(to, { force: true });
      await writeFile(to, await readFile(file));
    }
    await rm(OUT, { recursive: true, force: true });
    await rename(staging, OUT);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Brings dist/ up to date with the sources and migrations; resolves what it redid, for the one line
 * `npm start` prints. The template is made by a child process: the memory PGlite's initdb and the
 * migrations take (~500 MB) goes with it instead of staying with the server.
 */
export async function ensureBuild() {
  const files = await serverSources();
  const hash = await hashOf(files);
  const stamp = existsSync(STAMP) ? await readFile(STAMP, 'utf8') : '';
  let transpiled = false;
  if (stamp !== hash || !existsSync(path.join(OUT, 'main.js'))) {
    await transpile(files);
    await writeFile(STAMP, hash);
    transpiled = true;
  }
  // The server imports the same module (and PGlite) at once: checking here costs a hash of migrations/.
  const { isTemplateFresh } = await import(path.join(OUT, 'storage', 'pglite-template.js'));
  if (await isTemplateFresh(path.join(DIST, 'pglite-template'), path.join(ROOT, 'migrations'))) return { transpiled, template: false };
  const made = spawnSync(process.execPath, [path.join(OUT, 'cli', 'build-template.js')], { cwd: ROOT, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`the PGlite template could not be made: ${made.stderr.trim() || made.stdout.trim()}`);
  return { transpiled, template: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const done = await ensureBuild();
    console.log(`build: dist/src/ ${done.transpiled ? 'transpiled from src/' : 'is up to date'}`);
    console.log(`build: dist/pglite-template/ ${done.template ? 'made' : 'is up to date'}`);
  } catch (error) {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
