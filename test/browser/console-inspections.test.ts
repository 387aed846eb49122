/**
 * Inspections in Chromium: the planner has planned the demo sites' rounds at start; an admin opens
 * one of a school's in the console, assigns the engineer, marks a line OK and one Fault with its
 * note (a ticket opens and its number shows on the line); the page in Chinese and English; then the
 * printable record (A4, zh-CN) with every line, the ticket and the sign-off lines.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { keepPage, popplerPresent, removeRendered, renderPdf } from '../support/label-pdf.js';
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

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];
let api: ConsoleClient;
interface Row {
  id: string;
  number: string;
  siteName: string;
  dueOn: string;
  progress: { total: number };
}
let inspection: Row;

beforeAll(async () => {
  if (!browserTestsRun()) return;
  [fixline, browser] = await Promise.all([startTestServer(), launchChromium()]);
  api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  const res = await api.post('/agents', { username: 'liu', displayName: '刘工', role: 'engineer', password: 'liu-password-1' });
  expect(res.status).toBe(201);
  // The planner runs at start: wait for the school's inspections.
  for (let i = 0; i < 100; i++) {
    const { inspections } = await api.json<{ inspections: Row[] }>('/inspections');
    const school = inspections.filter((x) => x.siteName === '明湖小学');
    if (school.length > 0) {
      inspection = school.at(-1)!;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(inspection).toBeDefined();
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('inspections in the console', () => {
  it('lists the planned inspections, and on one an admin assigns the engineer and fills lines in; a fault opens a ticket', async () => {
    const admin = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(admin);
    const page = admin.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    await page.locator('#nav-after-service').click();
    await page.locator('#nav-inspections').click();
    const row = page.locator(`#insp-table tr[data-id="${inspection.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('明湖小学');
    await screenshot(page, 'inspections-list-zh.png');

    await row.locator('a').click();
    await page.locator('.inspection-view').waitFor();
    expect(await page.locator('.view-title').textContent()).toContain(inspection.number);
    await page.locator('#insp-engineer').selectOption({ label: '刘工' });
    await page.locator('#insp-message').filter({ hasText: '已指派刘工' }).waitFor();

    const lines = page.locator('#insp-lines > li');
    expect(await lines.count()).toBe(inspection.progress.total);
    await lines.nth(0).locator('.insp-mark-ok').click();
    await page.locator('#insp-message').filter({ hasText: '第 1 项已记录' }).waitFor();
    // A fault needs its line of text first.
    await lines.nth(1).locator('.insp-mark-fault').click();
    await lines.nth(1).locator('[role="alert"]').filter({ hasText: '故障请先写一句说明' }).waitFor();
    await lines.nth(1).locator('.insp-line-note').fill('左上角触摸偏移');
    await lines.nth(1).locator('.insp-mark-fault').click();
    await page
      .locator('#insp-message')
      .filter({ hasText: /开了工单 FX-\d{4}-\d+/ })
      .waitFor();
    const ticketLink = lines.nth(1).locator('.insp-line-ticket');
    await ticketLink.waitFor();
    expect(await ticketLink.textContent()).toMatch(/^FX-\d{4}-\d+$/);
    expect(await lines.nth(1).getAttribute('data-result')).toBe('fault');
    // Changed to OK: its ticket stays open, and the message says so; back to Fault, the same ticket.
    const number = (await ticketLink.textContent())!;
    await lines.nth(1).locator('.insp-mark-ok').click();
    await page
      .locator('#insp-message')
      .filter({ hasText: `工单 ${number} 仍然开着` })
      .waitFor();
    await screenshot(page, 'inspection-page-still-open-zh.png');
    await lines.nth(1).locator('.insp-mark-fault').click();
    await page
      .locator('#insp-message')
      .filter({ hasText: /^第 2 项已记录。$/ })
      .waitFor();
    expect(await ticketLink.textContent()).toBe(number);
    expect(await page.locator('#insp-complete').isDisabled()).toBe(true);
    await screenshot(page, 'inspection-page-zh.png', true);

    await page.locator('#lang-switch').click();
    await page.locator('#insp-complete', { hasText: 'Complete inspection' }).waitFor();
    expect(await lines.nth(1).locator('.insp-result').textContent()).toBe('Fault');
    await screenshot(page, 'inspection-page-en.png', true);
    await page.locator('#lang-switch').click();
    expect(unexpected(admin.errors)).toEqual([]);
  });

  it('the open page follows the lines the engineer fills in elsewhere, without a reload', async () => {
    const page = windows[0]!.page;
    const lines = page.locator('#insp-lines > li');
    // The engineer's own session (the chat's presses are the same changes, and tell the consoles the same way).
    const engineer = new ConsoleClient(fixline!.url);
    await engineer.login('liu', 'liu-password-1');
    expect((await engineer.post(`/inspections/${inspection.id}/lines/2`, { result: 'note', note: '遥控器电池电量低' })).status).toBe(200);
    expect((await engineer.post(`/inspections/${inspection.id}/lines/3`, { result: 'ok' })).status).toBe(200);
    await page.locator('#insp-lines > li[data-index="3"][data-result="ok"]').waitFor({ timeout: 10_000 });
    expect(await lines.nth(2).getAttribute('data-result')).toBe('note');
    expect(await lines.nth(2).locator('.insp-line-note').inputValue()).toBe('遥控器电池电量低');
    expect(
      await page
        .locator('.card-title')
        .filter({ hasText: `(4/${inspection.progress.total})` })
        .count(),
    ).toBe(1);
    await screenshot(page, 'inspection-page-live-zh.png', true);
    expect(unexpected(windows[0]!.errors)).toEqual([]);
  });

  it('the printable record (A4, zh-CN) has every line, the ticket opened and the sign-off lines', async () => {
    // The rest of the lines OK through the API, but two with long notes of two lines, then completed with a summary.
    const long =
      '电源指示灯偶尔闪烁，重启后恢复，老师反映上课时黑屏两次，已记录时间并告知班主任\n建议下次巡检复查电源适配器 SN-ADP-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    for (let i = 2; i < inspection.progress.total; i++) {
      const line = i === 2 || i === 9 ? { result: 'note', note: long } : { result: 'ok' };
      expect((await api.post(`/inspections/${inspection.id}/lines/${i}`, line)).status).toBe(200);
    }
    const refused = await api.post(`/inspections/${inspection.id}/lines/999`, { result: 'ok' });
    expect(refused.status).toBe(400);
    const done = await api.post(`/inspections/${inspection.id}/complete`, {
      summary: '设备总体运行良好，一块触摸屏需维修。\n下次巡检复查录播教室电源。',
    });
    expect(done.status).toBe(200);

    const w = windows[0]!;
    const record = await w.context.newPage();
    await record.goto(`${fixline!.url}/api/console/inspections/${inspection.id}/record`);
    await record.emulateMedia({ media: 'print' });
    const html = await record.content();
    expect(await record.locator('h1').textContent()).toBe('巡检记录');
    expect(await record.locator('tbody tr').count()).toBe(inspection.progress.total);
    for (const text of [
      inspection.number,
      '明湖小学',
      'GX-EDU 5.17',
      '刘工',
      '左上角触摸偏移',
      '设备总体运行良好',
      '客户签字',
      '工程师签字',
      '日期',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/FX-\d{4}-\d+/);
    expect(await record.locator('.toolbar').isVisible()).toBe(false);
    await screenshot(record, 'inspection-record-zh.png', true);
    const pdf = await record.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await record.close();
    // The done inspection's page keeps the lines of a note and of the summary.
    await w.page.reload();
    await w.page.locator('.insp-summary-text').waitFor();
    expect(await w.page.locator('.insp-summary-text').innerText()).toBe('设备总体运行良好，一块触摸屏需维修。\n下次巡检复查录播教室电源。');
    expect(await w.page.locator('#insp-lines > li').nth(2).locator('.insp-line-note-text').innerText()).toContain(
      '已记录时间并告知班主任\n建议下次巡检',
    );
    await screenshot(w.page, 'inspection-page-done-zh.png', true);

    if (!popplerPresent()) return;
    // On paper: the long notes keep their two lines and leave the item and asset columns their
    // width (the item name whole on one line), every page numbered, the sign-off after the last line.
    const rendered = await renderPdf(pdf);
    try {
      await keepPage(rendered, 0, 'inspection-record-zh-page1.png');
      await keepPage(rendered, rendered.pages.length - 1, 'inspection-record-zh-last.png');
      const lines = rendered.text.split('\n');
      const first = lines.findIndex((l) => l.includes('电源指示灯'));
      const second = lines.findIndex((l) => l.includes('建议下次巡检复查'));
      expect(first).toBeGreaterThan(-1);
      expect(second).toBeGreaterThan(first);
      expect(lines.filter((l) => l.includes('电脑（OPS）')).length).toBe(4);
      expect(lines.findIndex((l) => l.includes('下次巡检复查录播教室电源'))).toBeGreaterThan(
        lines.findIndex((l) => l.includes('设备总体运行良好')),
      );
      const pages = rendered.pages.length;
      expect(pages).toBeLessThanOrEqual(3);
      expect(rendered.text).toMatch(new RegExp(`\\b${pages}\\s*/\\s*${pages}\\s*$`));
      expect(rendered.text.lastIndexOf('客户签字')).toBeGreaterThan(rendered.text.lastIndexOf('FX-PNL-'));
      expect(rendered.fonts).toMatch(/CJK|Type 3/);
    } finally {
      await removeRendered(rendered);
    }
  });
});
