/**
 * The reports page in Chromium (issue 15 item 4): a coordinator opens 报表, chooses November, and
 * sees the counts, the clock compliance and the satisfaction drawn by ECharts (no empty charts, no
 * page errors), the breaches linking to their tickets, the CSV and XLSX downloads; then in
 * English. An agent has no Reports in the navigation. Screenshots in both languages; the Chinese
 * one is also docs/reports.png, the README's picture.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { FIRST_AID_SOLVED } from '../../src/ports/reports.js';
import { auditLog, contacts, conversations } from '../../src/storage/schema.js';
import { parseCsv } from '../app/reports-checks.js';
import { seedReportRows } from '../app/reports-rows.js';
import type { SiteName } from '../app/reports-seed.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  browserTestsRun,
  DESKTOP,
  launchChromium,
  openWindow,
  screenshot,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

const DOCS = path.resolve(import.meta.dirname, '../../docs');
// The server's clock runs from 1 December 09:00 in Shanghai: November is the month just ended.
const START = new Date('2026-12-01T09:00:00+08:00').getTime();

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];

beforeAll(async () => {
  if (!browserTestsRun()) return;
  const began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(START + Date.now() - began) }), launchChromium()]);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  for (const [username, displayName, role] of [
    ['lin', '林协调', 'coordinator'],
    ['wang', '王客服', 'agent'],
  ] as const) {
    expect((await api.post('/agents', { username, displayName, role, password: `${username}-password-1` })).status).toBe(201);
  }
  const db = fixline.database.db;
  const siteIds = {} as Record<SiteName, string>;
  for (const site of await fixline.store.read.places.afterServiceSites()) siteIds[site.name as SiteName] = site.id;
  const [contact] = await db.insert(contacts).values({ name: '报表老师' }).returning({ id: contacts.id });
  const [conversation] = await db
    .insert(conversations)
    .values({ channel: 'webchat', externalKey: 'reports-browser', contactId: contact!.id, state: {} })
    .returning({ id: conversations.id });
  await seedReportRows(db, { contactId: contact!.id, conversationId: conversation!.id, siteIds });
  for (const day of ['05', '18', '22']) {
    await db.insert(auditLog).values({
      action: FIRST_AID_SOLVED,
      subject: 'conversation:x',
      data: { siteId: siteIds['明湖小学'], contractId: 'GX-EDU' },
      at: new Date(`2026-11-${day}T10:00:00+08:00`),
    });
  }
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('the reports page', () => {
  it('a coordinator sees November as charts and tables, with downloads, in Chinese then English', async () => {
    const w = await openWindow(browser!, `${fixline!.url}/console`, { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    windows.push(w);
    const page = w.page;
    await signIn(page, 'lin', 'lin-password-1', '林协调');
    await page.locator('#nav-after-service').click();
    await page.locator('#nav-reports').click();
    await page.locator('#report-from').fill('2026-11-01');
    await page.locator('#report-to').fill('2026-11-30');
    await page.locator('#report-show').click();
    await page.locator('#report-body[data-tickets="9"]').waitFor();
    expect(await page.locator('#sum-tickets .report-figure-value').textContent()).toBe('9');
    // 3 first-aid fixes against 9 tickets.
    expect(await page.locator('#sum-first-aid .report-figure-value').textContent()).toBe('25%');
    // Every chart drawn, with its bars: severity, device, symptom, site, clocks, satisfaction, trend.
    await expect.poll(() => page.locator('.report-chart[data-drawn="true"]').count()).toBe(7);
    for (const chart of await page.locator('.report-chart').all()) expect(await chart.locator('svg path').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('#report-site svg').textContent()).toContain('示例市文化馆');
    // The breaches link to their tickets.
    const breach = page.locator('#report-breaches tbody tr').first().locator('a');
    expect(await breach.getAttribute('href')).toMatch(/^#\/tickets\/[0-9a-f-]{36}$/);
    expect(await page.locator('#report-breaches tbody tr').count()).toBeGreaterThanOrEqual(5);
    // The downloads ask for the same range, in the console's language.
    const csv = await page.locator('#report-site a[data-export="csv"]').getAttribute('href');
    expect(csv).toBe('/api/console/reports/site.csv?from=2026-11-01&to=2026-11-30&lang=zh-CN');
    const download = page.waitForEvent('download');
    await page.locator('#report-severity a[data-export="xlsx"]').click();
    expect((await download).suggestedFilename()).toBe('报表-severity-2026-11-01-2026-11-30.xlsx');
    // The page names the clocks as its CSV does (and as the ticket page does): 响应, 上门, 修复, 备用机.
    const csvColumn = async (table: string, column: number) => {
      const res = await page.request.get(`${fixline!.url}/api/console/reports/${table}.csv?from=2026-11-01&to=2026-11-30&lang=zh-CN`);
      return parseCsv((await res.text()).replace(/^\uFEFF/, ''))
        .slice(1)
        .map((row) => row[column]);
    };
    const pageColumn = (table: string, column: number) =>
      page.locator(`#report-${table} tbody tr`).evaluateAll((rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), column);
    expect(await pageColumn('clocks', 0)).toEqual(['响应', '上门', '修复', '备用机']);
    expect(await pageColumn('clocks', 0)).toEqual(await csvColumn('clocks', 0));
    expect(await pageColumn('breaches', 2)).toEqual(await csvColumn('breaches', 2));
    expect(await pageColumn('severity', 0)).toEqual(await csvColumn('severity', 0));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'console-reports-zh.png', true);
    await mkdir(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'reports.png'), clip: { x: 0, y: 0, width: 1280, height: 1400 }, fullPage: true });

    await page.locator('#lang-switch').click();
    await page.locator('#report-body').waitFor();
    await expect.poll(() => page.locator('#report-clocks svg').textContent()).toContain('Breached');
    expect(await page.locator('#report-clocks th').allTextContents()).toEqual([
      'Clock',
      'Met',
      'Breached',
      'Running',
      'Paused',
      'Not needed',
    ]);
    // A column of ticket numbers is headed "Ticket", as in the CSV.
    expect(await page.locator('#report-breaches th').first().textContent()).toBe('Ticket');
    expect(await page.locator('#report-comments th').first().textContent()).toBe('Ticket');
    await screenshot(page, 'console-reports-en.png', true);
    expect(unexpected(w.errors)).toEqual([]);
  });

  it('a bad range is refused with the reason in the console language; an agent has no Reports', async () => {
    const page = windows[0]!.page;
    await page.locator('#report-from').fill('2026-11-30');
    await page.locator('#report-to').fill('2026-11-01');
    await page.locator('#report-show').click();
    await expect.poll(() => page.locator('#report-error').textContent()).toBe('The end date is before the start date.');
    // A month with nothing in it: the tables say 0, and no chart is drawn empty (axes without bars).
    await page.locator('#report-from').fill('2026-10-01');
    await page.locator('#report-to').fill('2026-10-30');
    await page.locator('#report-show').click();
    await page.locator('#report-body[data-tickets="0"]').waitFor();
    expect(await page.locator('#report-clocks tbody tr').count()).toBe(4);
    expect(await page.locator('.report-chart').count()).toBe(0);
    await screenshot(page, 'console-reports-empty-en.png', true);
    expect(unexpected(windows[0]!.errors, [400])).toEqual([]);
    const agent = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(agent);
    await signIn(agent.page, 'wang', 'wang-password-1', '王客服');
    expect(await agent.page.locator('#nav-reports').count()).toBe(0);
    await agent.page.goto(`${fixline!.url}/console#/reports`);
    await agent.page.locator('#me-name').waitFor();
    expect(await agent.page.locator('#reports').count()).toBe(0);
  });
});
