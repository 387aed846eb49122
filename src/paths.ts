import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder: the nearest one above this file holding package.json and flows/. The
 * same whether the sources run under tsx (src/) or built (dist/src/, see `npm run build`).
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'flows'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`fixline: no project folder (package.json and flows/) above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
/** The demo desk's data: the made-up equipment list the demo seed imports (seed/demo-equipment.csv). */
export const DEMO_DIR = path.join(PROJECT_ROOT, 'seed');
/** Files served as they are (pages, scripts, styles) stay with the sources. */
export const SOURCE_DIR = path.join(PROJECT_ROOT, 'src');

/**
 * The browser pages, built by Vite (vite.config.ts, `npm run build:web`) from their TypeScript
 * sources into this folder: `<page source>/index.html` and hashed files under assets/.
 */
export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'dist-web');

/**
 * An empty PGlite data folder with the migrations applied, made by the build (`npm install`,
 * `npm start` after a migration changed): a fresh DATA_DIR starts as a copy of it.
 */
export const PGLITE_TEMPLATE_DIR = path.join(PROJECT_ROOT, 'dist', 'pglite-template');

/** Each page: where its sources are (under src/) and the route that serves it. */
export const WEB_PAGES = [
  { route: '/console', source: 'console' },
  { route: '/chat', source: 'channels/webchat/page' },
] as const;

/** What the pages are built from, besides their own folders: the styles and modules they share. */
export const WEB_SHARED_SOURCES = ['ui'] as const;
