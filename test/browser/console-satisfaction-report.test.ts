/**
 * The yearly satisfaction analysis in Chromium: a coordinator chooses CG-CULTURE and 2026 on the
 * satisfaction report page (a made-up year over both contracts is stored), reads the title, the
 * summary, the tables and the SVG charts; then the same in English; then as it prints (print
 * media: the console's header and the controls gone) and, where headless Chromium can, as a PDF.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { pdfPageTexts, popplerPresent } from '../support/label-pdf.js';
import { seedSatisfactionYear } from '../support/satisfaction-year.js';
import { startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  browserTestsRun,
  DESKTOP,
  launchChromium,
  openWindow,
  screenshot,
  screenshotOf,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

const POLL = { timeout: 15_000 };
/**
 * The server's clock: mid-January 2027, so that 2026 is a whole past year; at 20:00 in Shanghai,
 * outside the return visits' windows, so that the desk's own planner writes no visit round while
 * the test reads the seeded ones.
 */
const STARTED = Date.now();
const clock = () => new Date(Date.parse('2027-01-15T12:00:00Z') + (Date.now() - STARTED));

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
let coordinator: Window | undefined;

beforeAll(async () => {
  if (!browserTestsRun()) return;
  [fixline, browser] = await Promise.all([startTestServer({}, { clock }), launchChromium()]);
  await seedSatisfactionYear(fixline.database.db);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  for (const [username, displayName, role] of [
    ['lin', '林协调', 'coordinator'],
    ['chen', '陈工', 'engineer'],
  ] as const) {
    const res = await api.post('/agents', { username, displayName, role, password: `${username}-password-1` });
    expect(res.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await coordinator?.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

/**
 * The labels of a mean-and-rate chart that a point of the rate line covers: the bars' white labels
 * whose box meets a line point's box (ECharts draws the points as orange-edged white circles).
 */
async function coveredLabels(page: Page, chart: string): Promise<string[]> {
  return page.locator(`${chart} svg`).evaluate((svg) => {
    const box = (e: Element) => e.getBoundingClientRect();
    const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const points = [...svg.querySelectorAll('path')].filter(
      (p) => p.getAttribute('stroke') === '#d9822b' && p.getAttribute('fill') !== 'none',
    );
    if (points.length === 0) return ['no line points drawn'];
    return [...svg.querySelectorAll('text[fill="#fff"]')]
      .filter((label) => points.some((p) => meet(box(label), box(p))))
      .map((label) => label.textContent ?? '');
  });
}

describe.runIf(browserTestsRun())('the satisfaction report in the console', () => {
  it('a coordinator makes the 2026 analysis of CG-CULTURE: title, summary, tables and SVG charts (zh-CN)', async () => {
    coordinator = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    const page = coordinator.page;
    await signIn(page, 'lin', 'lin-password-1', '林协调');
    await page.locator('#nav-after-service').click();
    await page.locator('#nav-satisfaction').click();
    await page.locator('#sr-form').waitFor();
    await page.locator('#sr-contract').selectOption('CG-CULTURE');
    await page.locator('#sr-year').selectOption('2026');
    await page.locator('#sr-show').click();
    const title = page.locator('#sr-title');
    await expect
      .poll(() => title.textContent(), POLL)
      .toBe('2026年度用户满意度分析报告 — 市文化广电和旅游局公共数字文化平台售后服务（4.5.4）');
    expect(await page.locator('#sr-summary-text').textContent()).toMatch(/^本期共发出满意度评价 \d+ 份，收到 \d+ 份，回复率 [\d.]+%/);
    expect(await page.locator('#sr-quarter-table tbody tr').count()).toBe(5);
    // Made in January 2027: the date says the year.
    expect(await page.locator('.sr-meta').textContent()).toMatch(/生成时间：2027年1月15日 \d\d:\d\d$/);
    expect(await page.locator('#sr-site-table').textContent()).toContain('云杉文化馆');
    expect(await page.locator('#sr-low-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#sr-breach-table').textContent()).toContain('响应');
    expect(await page.locator('#sr-feedback-table tbody tr').count()).toBe(3);
    // The charts are SVG (crisp in print), with Chinese labels.
    expect(await page.locator('#sr-chart-distribution svg').count()).toBe(1);
    expect(await page.locator('#sr-chart-distribution').textContent()).toContain('非常满意');
    // A bar's mean and the rate line's points never cover one another (Q2: 3.5 and 67 % come out at the same height).
    for (const chart of ['#sr-chart-quarters', '#sr-chart-sites']) expect(await coveredLabels(page, chart), chart).toEqual([]);
    // The visits table counts the sites of a round.
    expect(await page.locator('#sr-feedback-table th').nth(1).textContent()).toBe('学校/场馆数');
    await screenshot(page, 'console-satisfaction-report.png', true);
    expect(unexpected(coordinator.errors)).toEqual([]);
  }, 90_000);

  it('in English, the first half only', async () => {
    const page = coordinator!.page;
    await page.locator('#lang-switch').click();
    await page.locator('#sr-half').selectOption('1');
    await page.locator('#sr-show').click();
    await expect
      .poll(() => page.locator('#sr-title').textContent(), POLL)
      .toBe(
        'User feedback summary, first half 2026 — City culture and tourism bureau — public digital culture platform after-sales service (clause 4.5.4)',
      );
    expect(await page.locator('#sr-quarter-table tbody tr').count()).toBe(3);
    expect(await page.locator('#sr-feedback-table tbody tr').count()).toBe(2);
    expect(await page.locator('#sr-chart-distribution').textContent()).toContain('Very satisfied');
    await screenshot(page, 'console-satisfaction-report-en.png', true);
    expect(unexpected(coordinator!.errors)).toEqual([]);
  }, 60_000);

  it('prints as the report alone: no header, no controls; a PDF where headless Chromium makes one', async () => {
    const page = coordinator!.page;
    await page.locator('#lang-switch').click();
    await page.locator('#sr-half').selectOption('');
    await page.locator('#sr-show').click();
    await expect.poll(() => page.locator('#sr-title').textContent(), POLL).toContain('2026年度用户满意度分析报告');
    // As on A4 paper: 210 mm less the page margins (12 mm each side) at 96 dpi, 703 px.
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    // Every table's and figure's right border lies a whole pixel inside the paper's printable width (not cut off).
    const rights = await page
      .locator('#sr-report .sr-table, #sr-report .sr-figure')
      .evaluateAll((list) => list.map((e) => e.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(8);
    expect(Math.max(...rights)).toBeLessThanOrEqual(703 - 1);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('#sr-controls').isVisible()).toBe(false);
    expect(await page.locator('#sr-report').isVisible()).toBe(true);
    await screenshot(page, 'console-satisfaction-report-print.png', true);
    await screenshotOf(page.locator('#sr-summary'), 'console-satisfaction-report-print-summary.png');
    await screenshotOf(page.locator('#sr-low'), 'console-satisfaction-report-print-low.png');
    await screenshotOf(page.locator('#sr-breaches'), 'console-satisfaction-report-print-breaches.png');
    const pdf = await page.pdf({ format: 'A4', printBackground: true }).catch((e: unknown) => e);
    if (pdf instanceof Buffer) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The sections follow one another: four A4 pages for this year, no page left almost empty before a section.
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(4);
      await writeFile(path.join('test-results', 'console-satisfaction-report.pdf'), pdf);
      if (popplerPresent()) {
        // Every page numbered at its foot; the signatures after the last section.
        const pages = await pdfPageTexts(pdf);
        expect(pages.map((p) => /(\d+)\s*\/\s*(\d+)\s*$/.exec(p)?.slice(1))).toEqual([1, 2, 3, 4].map((n) => [String(n), '4']));
        expect(pages[3]).toMatch(/报告编制（服务方）签字：\s+日期：/);
        expect(pages[3]).toMatch(/客户确认签字：\s+日期：/);
      }
    }
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(DESKTOP.viewport);
    expect(unexpected(coordinator!.errors)).toEqual([]);
  }, 60_000);

  it('an engineer has no satisfaction report in the menu', async () => {
    const engineer = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    await signIn(engineer.page, 'chen', 'chen-password-1', '陈工');
    expect(await engineer.page.locator('#nav-satisfaction').count()).toBe(0);
    await engineer.page.goto(`${fixline!.url}/console#/satisfaction`);
    await expect.poll(() => engineer.page.evaluate(() => location.hash), POLL).toBe('#/tickets');
    await engineer.context.close();
  }, 60_000);
});
