import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRoutes } from '../../src/http/pages.js';
import { WEB_DIST_DIR } from '../../src/paths.js';
import { ensureWebBuild } from '../../src/web-build.js';

describe('the built pages', () => {
  it('serve the console and the chat from the build, their scripts cached for good and the HTML never', async () => {
    const app = pageRoutes(WEB_DIST_DIR); // built by the global setup from the present sources
    for (const route of ['/console', '/chat']) {
      const page = await app.request(route);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const html = await page.text();
      const script = /<script type="module" crossorigin src="\/static\/assets\/([^"]+\.js)"/.exec(html)?.[1];
      expect(script, `${route} loads its bundle`).toBeDefined();
      const asset = await app.request(`/static/assets/${script ?? ''}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('are not built again when nothing changed, so a start costs only a look at the sources', async () => {
    const started = performance.now();
    expect(await ensureWebBuild()).toBe('fresh');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  describe('from a folder of its own', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-pages-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('answer 503 with what to run when the pages were never built', async () => {
      const app = pageRoutes(path.join(dir, 'never-built'));
      const page = await app.request('/console');
      expect(page.status).toBe(503);
      expect(await page.json()).toEqual({ error: 'not_built', message: expect.stringContaining('npm run build:web') });
    });

    it('serve only the built assets, by name, and nothing around them', async () => {
      await mkdir(path.join(dir, 'assets'), { recursive: true });
      await writeFile(path.join(dir, 'assets', 'chat-abc.css'), 'body{}');
      await writeFile(path.join(dir, 'secret.txt'), 'not an asset');
      const app = pageRoutes(dir);
      expect((await app.request('/static/assets/chat-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
      for (const probe of [
        '/static/assets/..%2Fsecret.txt',
        '/static/assets/../secret.txt',
        '/static/assets/missing.js',
        '/static/secret.txt',
      ]) {
        expect((await app.request(probe)).status, probe).toBe(404);
      }
    });
  });
});
