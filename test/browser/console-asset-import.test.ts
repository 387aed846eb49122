/**
 * Importing the equipment list in Chromium (issue 16 item 1): a coordinator uploads a CSV with one
 * bad row and sees the problem by row and column, Import disabled; uploads the corrected file, sees
 * the preview (new school and rooms, the devices to add), imports it and sees the result and the
 * import listed; then the page in English.
 */
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assets } from '../../src/storage/schema.js';
import { csvFile, HEADERS_ZH } from '../app/asset-import-files.js';
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

const POLL = { timeout: 15_000 };
/** Tuesday 1 December 2026, 10:00 in Shanghai. */
const START = Date.parse('2026-12-01T02:00:00Z');

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
let window: Window | undefined;

const rows = (kind: string) => [
  HEADERS_ZH,
  ['青松小学', '四年级一班', '交互式平板', 'EduBoard 86', 'SN-QS-001', '2025/3/1', 36, 'GX-EDU', null],
  ['青松小学', '四年级一班', kind, 'DocCam V5', 'SN-QS-002', '2025年3月1日', 36, null, null],
  ['青松小学', '五年级二班', '电脑', 'ClassPC i5', 'SN-QS-003', '2025-03-01', 24, null, 'QS-PC-01'],
];

beforeAll(async () => {
  if (!browserTestsRun()) return;
  const began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(START + Date.now() - began) }), launchChromium()]);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  expect(
    (await api.post('/agents', { username: 'tanxie', displayName: '谭协调', role: 'coordinator', password: 'tanxie-password-1' })).status,
  ).toBe(201);
}, 120_000);

afterAll(async () => {
  await window?.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('importing the equipment list in the console', () => {
  it('shows a bad row by row and column with Import disabled; the corrected file previews, imports and is listed', async () => {
    window = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    const page = window.page;
    await signIn(page, 'tanxie', 'tanxie-password-1', '谭协调');
    await page.evaluate(() => (location.hash = '#/asset-import'));
    await page.locator('.asset-import-view').waitFor();
    expect(await page.locator('#nav-asset-import').getAttribute('aria-current')).toBe('page');
    // The demo desk's register came in through the import too: from the command line.
    await expect.poll(() => page.locator('#asset-import-history').textContent(), POLL).toContain('demo-equipment.csv命令行');

    const bad = csvFile('青松小学设备.csv', rows('咖啡机'));
    await page.locator('#asset-import-file').setInputFiles({ name: bad.name, mimeType: 'text/csv', buffer: Buffer.from(bad.bytes) });
    const problem = page.locator('#asset-import-problems .problem-row');
    await expect.poll(() => problem.count(), POLL).toBe(1);
    expect(await problem.locator('td').allTextContents()).toEqual(['3', '类型', '不认识的设备类型“咖啡机”']);
    expect(await page.locator('#asset-import-apply').isDisabled()).toBe(true);
    await screenshot(page, 'console-asset-import-problem-zh.png', true);

    const good = csvFile('青松小学设备.csv', rows('展台'));
    await page.locator('#asset-import-file').setInputFiles({ name: good.name, mimeType: 'text/csv', buffer: Buffer.from(good.bytes) });
    await expect.poll(() => page.locator('#asset-import-creates tbody tr').count(), POLL).toBe(3);
    expect(await problem.count()).toBe(0);
    expect(await page.locator('#asset-import-counts').textContent()).toContain('新增 3');
    expect(await page.locator('#asset-import-new-sites').textContent()).toBe('新学校：青松小学');
    expect(await page.locator('#asset-import-new-rooms').textContent()).toBe('新教室：青松小学 四年级一班、青松小学 五年级二班');
    expect(await page.locator('#asset-import-creates').textContent()).toContain('QS-PC-01');
    expect(await page.locator('#asset-import-apply').isDisabled()).toBe(false);
    await screenshot(page, 'console-asset-import-preview-zh.png', true);

    await page.locator('#asset-import-apply').click();
    await expect
      .poll(() => page.locator('#asset-import-message').textContent(), POLL)
      .toBe('已导入 青松小学设备.csv：新增 3，更新 0，不变 0。');
    expect(await page.locator('#asset-import-preview').count()).toBe(0);
    await expect.poll(() => page.locator('#asset-import-history tbody tr').count(), POLL).toBe(2); // with the demo seed's
    expect(await page.locator('#asset-import-history tbody tr td').allTextContents()).toEqual(
      expect.arrayContaining(['青松小学设备.csv', '谭协调', '3', '0']),
    );
    expect(await fixline!.database.db.select().from(assets).where(eq(assets.tag, 'QS-PC-01'))).toHaveLength(1);
    await screenshot(page, 'console-asset-import-done-zh.png', true);

    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('#nav-asset-import').textContent(), POLL).toBe('Import');
    expect(await page.locator('.asset-import-view .view-title').textContent()).toBe('Import the equipment list');
    // The same file again: nothing to add, three unchanged.
    await page.locator('#asset-import-file').setInputFiles({ name: good.name, mimeType: 'text/csv', buffer: Buffer.from(good.bytes) });
    await expect.poll(() => page.locator('#asset-import-counts').textContent(), POLL).toContain('3 unchanged');
    await page.locator('#asset-import-file').setInputFiles({ name: bad.name, mimeType: 'text/csv', buffer: Buffer.from(bad.bytes) });
    await expect.poll(() => problem.count(), POLL).toBe(1);
    expect(await problem.locator('td').allTextContents()).toEqual(['3', '类型', 'unknown device kind "咖啡机"']);
    await screenshot(page, 'console-asset-import-problem-en.png', true);
    // A new school in a file without a contract column: the column is named in the console's language.
    const noContract = csvFile('no-contract.csv', [
      ['学校', '类型', '验收日期'],
      ['无合同小学', '展台', '2024-09-01'],
    ]);
    await page
      .locator('#asset-import-file')
      .setInputFiles({ name: noContract.name, mimeType: 'text/csv', buffer: Buffer.from(noContract.bytes) });
    await expect.poll(() => page.locator('#asset-import-problems').textContent(), POLL).toContain('无合同小学');
    expect(await problem.locator('td').allTextContents()).toEqual(['2', 'Contract', 'the new school "无合同小学" needs a contract']);
    // The register's school filter lists the imported school without a reload.
    await page.evaluate(() => (location.hash = '#/assets'));
    await expect.poll(() => page.locator('#assets-site option').allTextContents(), POLL).toContain('青松小学');
    expect(unexpected(window.errors)).toEqual([]);
  }, 120_000);
});
