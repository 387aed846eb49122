import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { WEB_DIST_DIR, WEB_PAGES } from '../paths.js';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The built browser pages (vite.config.ts): each page's HTML at its route (/console, /chat) and
 * their scripts and styles at /static/assets/<name>-<hash>.<ext>. Their names change with their
 * content, so they are cached for a year; the HTML is not cached. Read once, when mounted.
 */
export function pageRoutes(dir: string = WEB_DIST_DIR): Hono {
  const app = new Hono();
  for (const page of WEB_PAGES) {
    const html = readOrUndefined(path.join(dir, page.source, 'index.html'));
    app.get(page.route, (c) => {
      if (html === undefined)
        return c.json({ error: 'not_built', message: 'the web pages are not built: run `npm run build:web` (npm start builds them)' }, 503);
      return c.html(html, 200, { 'cache-control': 'no-cache' });
    });
  }
  const assets = new Map<string, { body: Buffer; type: string }>();
  const assetDir = path.join(dir, 'assets');
  for (const name of listOrEmpty(assetDir)) {
    const type = TYPES[path.extname(name)];
    if (type) assets.set(name, { body: readFileSync(path.join(assetDir, name)), type });
  }
  app.get('/static/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.json({ error: 'not_found', message: 'no such asset' }, 404);
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  return app;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
