/**
 * The asset register in Chromium (issue 16 items 2 and 4): a coordinator searches, filters by
 * school and by warranty ending within 90 days, opens an asset, edits its model (the audit trail
 * shows before → after), retires it (gone from the register); the same pages in English (the
 * header still fits 1280 px); an agent reads the register and an asset without any edit control.
 */
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assetChanges, assets, rooms, sites } from '../../src/storage/schema.js';
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
// The server's clock runs from Tuesday 1 December 2026, 10:00 in Shanghai.
const START = new Date('2026-12-01T10:00:00+08:00').getTime();
const SCHOOL = '台账浏览小学';

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];
const ids: Record<string, string> = {};
let siteId = '';

beforeAll(async () => {
  if (!browserTestsRun()) return;
  const began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(START + Date.now() - began) }), launchChromium()]);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  for (const [username, displayName, role] of [
    ['taixie', '邰协调', 'coordinator'],
    ['zuoyi', '左坐席', 'agent'],
  ]) {
    expect((await api.post('/agents', { username, displayName, role, password: `${username}-password-1` })).status).toBe(201);
  }
  const db = fixline.database.db;
  const [gx] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
  const [site] = await db
    .insert(sites)
    .values({ organisationId: gx!.organisationId, name: SCHOOL, aliases: [], contractId: 'GX-EDU' })
    .returning();
  siteId = site!.id;
  const [room] = await db.insert(rooms).values({ siteId, name: '四年级三班', aliases: [] }).returning();
  const rows = [
    { tag: 'BR-0001', kind: 'interactive_panel', model: 'EduBoard 75', acceptedAt: '2025-12-20' }, // 19 days left
    { tag: 'BR-0002', kind: 'computer', model: 'ClassPC i3', acceptedAt: '2025-06-01' }, // ended
    { tag: 'BR-0003', kind: 'projector', model: 'Beam 5', acceptedAt: '2026-06-01' }, // half a year left
  ];
  for (const r of rows) {
    const [a] = await db
      .insert(assets)
      .values({ ...r, serial: `SN-${r.tag}`, siteId, roomId: room!.id, contractId: 'GX-EDU' })
      .returning();
    ids[r.tag] = a!.id;
  }
  // BR-0001's older history: registered (its tag and contract), then a part replaced.
  await db.insert(assetChanges).values([
    {
      assetId: ids['BR-0001']!,
      action: 'created',
      changes: { tag: { before: null, after: 'BR-0001' }, contract: { before: null, after: 'GX-EDU' } },
      at: new Date(START - 2 * 86_400_000),
    },
    {
      assetId: ids['BR-0001']!,
      action: 'part_replaced',
      changes: { replacedParts: { before: null, after: 'touch_frame' }, replacedAt: { before: null, after: '2026-11-20' } },
      at: new Date(START - 86_400_000),
    },
  ]);
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('the asset register in the console', () => {
  it('a coordinator searches, filters, opens an asset, edits it, retires it; in Chinese and in English', async () => {
    const window = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(window);
    const page = window.page;
    await signIn(page, 'taixie', 'taixie-password-1', '邰协调');
    expect(await page.locator('#nav-assets').textContent()).toBe('设备台账');
    await page.locator('#nav-assets').click();
    expect(await page.locator('#asset-tabs .subnav-link').allTextContents()).toEqual(['台账', '导入', '二维码标签', '待确认设备']);
    const tags = page.locator('#asset-list .asset-row .asset-tag');
    await expect.poll(() => tags.count(), POLL).toBeGreaterThan(3);

    await page.locator('#assets-q').fill('BR-000');
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0001', 'BR-0002', 'BR-0003']);
    await page.locator('#assets-q').fill('');
    await page.locator('#assets-site').selectOption(siteId);
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0001', 'BR-0002', 'BR-0003']);
    const ended = page.locator('.asset-row[data-tag="BR-0002"] .asset-warranty');
    expect(await ended.textContent()).toContain('已过保');
    expect(await ended.getAttribute('class')).toContain('is-ended');
    await page.locator('#assets-warranty').selectOption('90');
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0001']);
    expect(await page.locator('.asset-row[data-tag="BR-0001"]').textContent()).toContain('2026-12-19');
    expect(await page.locator('.asset-row[data-tag="BR-0001"] .asset-days').textContent()).toBe('剩 19 天');
    expect(await page.locator('#assets-count').textContent()).toBe('已显示 1 / 1 台');
    expect(await page.locator('#assets-export-csv').getAttribute('href')).toContain('warrantyWithin=90');
    await screenshot(page, 'console-asset-register-zh.png', true);

    await page.locator('.asset-row[data-tag="BR-0001"] .asset-tag').click();
    await page.locator('#asset-facts').waitFor();
    expect(await page.locator('#asset-title').textContent()).toContain('BR-0001');
    expect(await page.locator('#asset-warranty').textContent()).toContain('质保至 2026-12-19（含）');
    expect(await page.locator('#asset-school').textContent()).toBe(SCHOOL);
    await page.locator('#asset-edit-open').click();
    await page.locator('#asset-edit-model').fill('EduBoard 99');
    await page.locator('#asset-edit-save').click();
    await expect.poll(() => page.locator('#asset-model').textContent(), POLL).toBe('EduBoard 99');
    expect(await page.locator('#asset-message').textContent()).toBe('已保存。');
    const history = page.locator('#asset-history .asset-change');
    expect(await history.count()).toBe(3);
    expect(await history.first().textContent()).toContain('型号：EduBoard 75 → EduBoard 99');
    // Fields by their names, the contract and the part by theirs.
    const contractName = fixline!.catalog.contracts.get('GX-EDU')!.name;
    expect(await history.nth(1).textContent()).toContain('更换的部件：（空） → 触摸框');
    expect(await history.nth(1).textContent()).toContain('更换日期：（空） → 2026-11-20');
    expect(await history.nth(2).textContent()).toContain('资产编号：（空） → BR-0001');
    expect(await history.nth(2).textContent()).toContain(`合同：（空） → ${contractName['zh-CN']}`);
    expect(await history.first().textContent()).toContain('邰协调');

    // Retiring needs a reason.
    await page.locator('#asset-retire-save').click();
    expect(await page.locator('#asset-manage-error').textContent()).toBe('请写明报废原因。');
    await page.locator('#asset-retire-reason').fill('屏幕碎裂，无法维修');
    await page.locator('#asset-retire-save').click();
    await page.locator('#asset-retired').waitFor();
    await page.locator('#asset-restore').waitFor();
    expect(await history.first().textContent()).toContain('屏幕碎裂，无法维修');
    await screenshot(page, 'console-asset-zh.png', true);

    await page.locator('#nav-assets-register').click();
    await page.locator('#assets-warranty').selectOption('');
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0002', 'BR-0003']);

    // In English: the same pages, and the header's entries on one line at 1280 px.
    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('#nav-assets').textContent(), POLL).toBe('Assets');
    const header = await page.evaluate(() => {
      const bar = document.querySelector('.topbar')!;
      const nav = document.querySelector('#nav')!;
      const tops = [...nav.querySelectorAll('.nav-link')].map((a) => a.getBoundingClientRect().top);
      const name = document.querySelector<HTMLElement>('#me-name')!;
      const chip = document.querySelector<HTMLElement>('#me-role')!;
      return {
        overflow: bar.scrollWidth - bar.clientWidth,
        navOverflow: nav.scrollWidth - nav.clientWidth,
        lines: new Set(tops).size,
        // The signed-in name keeps its letters; the role chip may give way (the live state's words
        // vary while the stream reconnects), its title holding the role whole.
        nameWhole: name.scrollWidth <= name.clientWidth,
        roleTitle: chip.title,
      };
    });
    expect(header).toEqual({ overflow: 0, navOverflow: 0, lines: 1, nameWhole: true, roleTitle: 'Service coordinator' });
    await page.locator('#assets-status').selectOption('all');
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0001', 'BR-0002', 'BR-0003']);
    expect(await page.locator('.asset-row[data-tag="BR-0001"]').textContent()).toContain('Retired');
    expect(await page.locator('.asset-row[data-tag="BR-0002"] .asset-days').textContent()).toBe('ended');
    await screenshot(page, 'console-asset-register-en.png', true);
    await page.locator('.asset-row[data-tag="BR-0001"] .asset-tag').click();
    await page.locator('#asset-facts').waitFor();
    expect(await page.locator('#asset-history').textContent()).toContain('Model: EduBoard 75 → EduBoard 99');
    expect(await page.locator('#asset-history').textContent()).toContain('Part replaced: (empty) → touch frame');
    expect(await page.locator('#asset-history').textContent()).toContain(
      `Contract: (empty) → ${fixline!.catalog.contracts.get('GX-EDU')!.name.en}`,
    );
    await screenshot(page, 'console-asset-en.png', true);
    expect(unexpected(window.errors)).toEqual([]);
  });

  it('an agent reads the register and an asset, without any edit control or the managers’ tabs', async () => {
    const window = await openWindow(browser!, `${fixline!.url}/console#/asset/${ids['BR-0003']}`, DESKTOP);
    windows.push(window);
    const page = window.page;
    await signIn(page, 'zuoyi', 'zuoyi-password-1', '左坐席');
    await page.goto(`${fixline!.url}/console#/asset/${ids['BR-0003']}`);
    await page.locator('#asset-facts').waitFor();
    expect(await page.locator('#asset-model').textContent()).toBe('Beam 5');
    expect(await page.locator('#asset-manage').count()).toBe(0);
    expect(await page.locator('#asset-edit-open, #asset-retire-save, #asset-restore, #asset-move-save').count()).toBe(0);
    expect(await page.locator('#asset-tabs .subnav-link').allTextContents()).toEqual(['台账', '二维码标签']);
    await page.locator('#nav-assets-register').click();
    await expect.poll(() => page.locator('#asset-list .asset-row').count(), POLL).toBeGreaterThan(0);
    await screenshot(page, 'console-asset-agent-zh.png');
    expect(unexpected(window.errors)).toEqual([]);
  });

  it('a search answered after a newer one does not replace its results', async () => {
    const window = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(window);
    const page = window.page;
    await signIn(page, 'zuoyi', 'zuoyi-password-1', '左坐席');
    await page.goto(`${fixline!.url}/console#/assets`);
    const tags = page.locator('#asset-list .asset-row .asset-tag');
    await expect.poll(() => tags.count(), POLL).toBeGreaterThan(0);
    // The search for BR-0002 answers late, after the one for BR-0003 typed next.
    let slow = false;
    await page.route(
      (url) => url.pathname === '/api/console/assets' && url.searchParams.get('q') === 'BR-0002',
      async (route) => {
        slow = true;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      },
    );
    await page.locator('#assets-q').fill('BR-0002');
    await expect.poll(() => slow, POLL).toBe(true);
    await page.locator('#assets-q').fill('BR-0003');
    await expect.poll(() => tags.allTextContents(), POLL).toEqual(['BR-0003']);
    await page.waitForTimeout(2000);
    expect(await tags.allTextContents()).toEqual(['BR-0003']);
    expect(unexpected(window.errors)).toEqual([]);
  });
});
