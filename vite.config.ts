import path from 'node:path';
import { defineConfig } from 'vite';
import { SOURCE_DIR, WEB_DIST_DIR, WEB_PAGES } from './src/paths.js';

/**
 * The browser pages (the agent console and the web chat): TypeScript and Preact, bundled into
 * dist-web/ with hashed file names, served by src/http/pages.ts. Built by `npm run build:web`, and
 * by `npm start` and the tests whenever the sources changed (src/web-build.ts).
 */
export default defineConfig({
  root: SOURCE_DIR,
  base: '/static/',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: WEB_DIST_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries(WEB_PAGES.map((page) => [page.route.slice(1), path.join(SOURCE_DIR, page.source, 'index.html')])),
    },
  },
});
