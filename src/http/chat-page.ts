import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { SOURCE_DIR } from '../paths.js';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * A page and its assets, read once at start: `dir/<page>.html` at the route's root and
 * `dir/<page>.js|.css` under /assets/ (the web chat at /chat, the console at /console).
 */
export function pageRoutes(dir: string, page: string): Hono {
  const app = new Hono();
  const html = readFileSync(path.join(dir, `${page}.html`), 'utf8');
  const assets = new Map(
    Object.entries(TYPES).map(([ext, type]) => [`${page}${ext}`, { body: readFileSync(path.join(dir, `${page}${ext}`), 'utf8'), type }]),
  );
  app.get('/', (c) => c.html(html));
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.json({ error: 'not_found', message: 'no such asset' }, 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
  });
  return app;
}

export const WEBCHAT_PAGE_DIR = path.join(SOURCE_DIR, 'channels/webchat/public');
export const CONSOLE_PAGE_DIR = path.join(SOURCE_DIR, 'console/public');
