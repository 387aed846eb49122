import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

const PUBLIC = path.resolve(import.meta.dirname, '../channels/webchat/public');
const FILES = {
  'chat.js': 'text/javascript; charset=utf-8',
  'chat.css': 'text/css; charset=utf-8',
} as const;

/** The web chat page (/chat) and its assets, read once at start. */
export function chatPageRoutes(): Hono {
  const app = new Hono();
  const html = readFileSync(path.join(PUBLIC, 'chat.html'), 'utf8');
  const assets = new Map(Object.entries(FILES).map(([name, type]) => [name, { body: readFileSync(path.join(PUBLIC, name), 'utf8'), type }]));
  app.get('/', (c) => c.html(html));
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.json({ error: 'not_found', message: 'no such asset' }, 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
  });
  return app;
}
