/**
 * The QR labels page in Chromium (issue 16 item 3): the admin opens 二维码标签, chooses a school
 * and a room, a layout and the labels' language, sees how many labels that makes, and the PDF link
 * answers a PDF of that room's devices; then in English. Only the web chat link is offered (Telegram
 * and LINE are off here). Screenshots in both languages.
 */
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assets } from '../../src/storage/schema.js';
import { startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  browserTestsRun,
  launchChromium,
  openWindow,
  screenshot,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

// A Tuesday, 10:00 in Shanghai.
const START = new Date('2026-11-24T10:00:00+08:00').getTime();

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];

beforeAll(async () => {
  if (!browserTestsRun()) return;
  const began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(START + Date.now() - began) }), launchChromium()]);
}, 60_000);
afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
});

/** What the page's download link answers, fetched with the page's own session. */
async function fetchLink(w: Window, href: string): Promise<{ status: number; type: string | null; head: string; size: number }> {
  return w.page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      head: String.fromCharCode(...bytes.slice(0, 5)),
      size: bytes.length,
    };
  }, href);
}

describe.runIf(browserTestsRun())('the QR labels page', () => {
  it('chooses a school, room, layout and language, counts the labels, and downloads their PDF; then in English', async () => {
    const w = await openWindow(browser!, `${fixline!.url}/console`, { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    windows.push(w);
    const page = w.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    await page.goto(`${fixline!.url}/console#/asset-labels`);
    await page.locator('#labels-form').waitFor();
    expect(await page.locator('#nav-asset-labels').getAttribute('aria-current')).toBe('page');

    // The seed's schools with their devices in use; only web chat links (Telegram and LINE are off).
    await page.locator('#labels-site').selectOption({ label: '明湖小学（5）' });
    await expect.poll(() => page.locator('#labels-count').textContent()).toBe('共 5 张标签，1 页');
    expect(await page.locator('#labels-channels input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      'webchat',
    ]);
    expect(await page.locator('#labels-layouts svg').count()).toBe(2);
    // No PUBLIC_URL here: the page warns that the codes carry this address, naming the setting; printing goes on.
    expect(await page.locator('#labels-public-url').textContent()).toContain(
      `PUBLIC_URL，网页报修的二维码会指向这个页面现在的地址 ${fixline!.url}`,
    );

    await page.locator('#labels-room').selectOption({ label: '五年级一班（2）' });
    await page.locator('#labels-layout-2x5').check();
    await expect.poll(() => page.locator('#labels-count').textContent()).toBe('共 2 张标签，1 页');
    const href = await page.locator('#labels-download').getAttribute('href');
    expect(href).toMatch(/^\/api\/console\/assets\/labels\.pdf\?room=[0-9a-f-]{36}&layout=2x5&channel=webchat&lang=zh-CN$/);
    const pdf = await fetchLink(w, href!);
    expect(pdf).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
    expect(pdf.size).toBeGreaterThan(5_000);
    await screenshot(page, 'console-asset-labels-zh.png', true);

    // The whole school in 3 × 8, labels in English.
    await page.locator('#labels-room').selectOption({ value: '' });
    await page.locator('#labels-layout-3x8').check();
    await page.locator('#labels-lang').selectOption('en');
    await page.locator('#labels-outline').check();
    const schoolHref = await page.locator('#labels-download').getAttribute('href');
    expect(schoolHref).toMatch(/\?site=[0-9a-f-]{36}&layout=3x8&channel=webchat&lang=en&outline=1$/);
    expect(await fetchLink(w, schoolHref!)).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });

    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('#asset-labels .view-title').textContent()).toBe('QR labels for devices');
    await expect.poll(() => page.locator('#labels-count').textContent()).toBe('Labels: 5 · A4 pages: 1');
    expect(await page.locator('#labels-download').textContent()).toBe('Download PDF');
    expect(await page.locator('#labels-public-url').textContent()).toContain('PUBLIC_URL is not set');
    await screenshot(page, 'console-asset-labels-en.png', true);
    expect(unexpected(w.errors)).toEqual([]);
  }, 120_000);

  it("one device's label, from its page (a label torn off): the sheet holds that device alone", async () => {
    const w = await openWindow(browser!, `${fixline!.url}/console`, { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    windows.push(w);
    const page = w.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    const [panel] = await fixline!.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0002'));
    await page.goto(`${fixline!.url}/console#/asset/${panel!.id}`);
    await page.locator('#asset-label', { hasText: '打印标签' }).click();
    await page.locator('#labels-picked', { hasText: '已选 1 台设备。' }).waitFor();
    expect(await page.locator('#labels-site').count()).toBe(0);
    await expect.poll(() => page.locator('#labels-count').textContent()).toBe('共 1 张标签，1 页');
    const href = await page.locator('#labels-download').getAttribute('href');
    expect(href).toBe(`/api/console/assets/labels.pdf?ids=${panel!.id}&layout=3x8&channel=webchat&lang=zh-CN`);
    const pdf = await fetchLink(w, href!);
    expect(pdf).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
    await screenshot(page, 'console-asset-labels-one-zh.png', true);
    // Back to a school's or room's sheet.
    await page.locator('#labels-unpick').click();
    await page.locator('#labels-site').waitFor();
    expect(await page.locator('#labels-download').getAttribute('href')).toMatch(/\?site=[0-9a-f-]{36}&/);
    expect(unexpected(w.errors)).toEqual([]);
  }, 120_000);
});
