/**
 * Pending devices in Chromium (issue 16): two tags teachers reported that the register lacks, one
 * with its school, room and ticket; the coordinator confirms it (the acceptance date required) and
 * dismisses the other with a reason; a third is a retired panel's tag, put back in use with its
 * ticket on it; the page in Chinese and English. The server's clock is fixed
 * (a Tuesday 10:00 in Shanghai) so the page does not depend on the hour.
 */
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assets, pendingAssets, rooms, sites, tickets } from '../../src/storage/schema.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
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

const START = Date.parse('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];
let ticketNumber = '';

beforeAll(async () => {
  if (!browserTestsRun()) return;
  const began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(START + Date.now() - began) }), launchChromium()]);
  const db = fixline.database.db;
  const [site] = await db.select().from(sites).where(eq(sites.name, '明湖小学'));
  const [room] = await db.select().from(rooms).where(eq(rooms.name, '录播教室'));
  const seeded = await seedTriagedTicket(db, fixline.catalog, new Date(START - 3_600_000), { contactName: '钱老师' });
  await db.update(tickets).set({ assetId: null }).where(eq(tickets.id, seeded.ticketId));
  ticketNumber = seeded.number;
  const [teacher] = await db.select({ id: tickets.reporterId }).from(tickets).where(eq(tickets.id, seeded.ticketId));
  await db.insert(pendingAssets).values([
    {
      tag: 'FX-XYZ-9999',
      siteId: site!.id,
      roomId: room!.id,
      kind: 'projector',
      contactId: teacher!.id,
      ticketId: seeded.ticketId,
      createdAt: new Date(START - 3_600_000),
    },
    { tag: 'KIOSK 7', createdAt: new Date(START - 1_800_000) },
    // A teacher still reports a panel the coordinator retired: its tag is unknown in chat.
    { tag: 'FX-PNL-0002', siteId: site!.id, kind: 'interactive_panel', createdAt: new Date(START - 900_000) },
  ]);
  await db
    .update(assets)
    .set({ retiredAt: new Date('2026-05-06T02:00:00Z') })
    .where(eq(assets.tag, 'FX-PNL-0002'));
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('pending devices in the console', () => {
  it('lists them; one is confirmed into the register with its ticket linked, the other dismissed with a reason; zh-CN and en', async () => {
    const admin = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(admin);
    const page = admin.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    await page.goto(`${fixline!.url}/console#/asset-pending`);
    const projector = page.locator('.pending-row[data-tag="FX-XYZ-9999"]');
    await projector.waitFor();
    expect(await page.locator('#nav-asset-pending').getAttribute('aria-current')).toBe('page');
    const line = (await projector.textContent()) ?? '';
    for (const part of ['投影仪', '明湖小学 录播教室', '钱老师', ticketNumber]) expect(line).toContain(part);
    expect(await page.locator('.pending-row[data-tag="KIOSK 7"]').textContent()).toContain('未知');
    const retired = page.locator('.pending-row[data-tag="FX-PNL-0002"]');
    expect(await retired.locator('.pending-registered').textContent()).toMatch(
      /^台账中已有此编号：一体机，明湖小学 五年级一班，已于 5月6日 10:00 报废。$/,
    );
    expect(await retired.locator('[data-action="link"]').textContent()).toBe('恢复在用并关联');
    expect(await retired.locator('[data-action="confirm"]').count()).toBe(0);
    await screenshot(page, 'asset-pending-zh.png', true);

    // Confirming needs the acceptance date; the kind, school and room come from the report.
    await projector.locator('[data-action="confirm"]').click();
    await page.locator('#pending-confirm').click();
    await page.locator('#pending-confirm-error').filter({ hasText: '请选择类型和学校，并填写验收日期。' }).waitFor();
    expect(await page.locator('#pending-kind').inputValue()).toBe('projector');
    await page.locator('#pending-accepted').fill('2025-09-01');
    await page.locator('#pending-model').fill('PJ-1');
    await screenshot(page, 'asset-pending-confirm-zh.png', true);
    await page.locator('#pending-confirm').click();
    await page.locator('#pending-message').filter({ hasText: 'FX-XYZ-9999 已登记到台账。' }).waitFor();
    await expect.poll(() => projector.count()).toBe(0);
    const [asset] = await fixline!.database.db.select().from(assets).where(eq(assets.tag, 'FX-XYZ-9999'));
    expect(asset).toMatchObject({ kind: 'projector', model: 'PJ-1', acceptedAt: '2025-09-01' });
    const [ticket] = await fixline!.database.db.select().from(tickets).where(eq(tickets.number, ticketNumber));
    expect(ticket!.assetId).toBe(asset!.id);

    await page.locator('#lang-switch').click();
    const kiosk = page.locator('.pending-row[data-tag="KIOSK 7"]');
    await kiosk.locator('[data-action="dismiss"]', { hasText: 'Dismiss' }).click();
    await page.locator('#pending-dismiss').click();
    await page.locator('#pending-dismiss-error').filter({ hasText: 'Say why the device is dismissed.' }).waitFor();
    await page.locator('#pending-reason').fill('A visitor’s own laptop');
    await screenshot(page, 'asset-pending-dismiss-en.png', true);
    await page.locator('#pending-dismiss').click();
    await page.locator('#pending-message').filter({ hasText: 'KIOSK 7 was dismissed.' }).waitFor();

    expect(await retired.locator('.pending-registered').textContent()).toMatch(
      /^The register has this tag: .+, 明湖小学 五年级一班, retired on /,
    );
    await screenshot(page, 'asset-pending-retired-en.png', true);
    await retired.locator('[data-action="link"]', { hasText: 'Put it back in use and link' }).click();
    await page.locator('#pending-message').filter({ hasText: 'FX-PNL-0002 is back in use, and the report is on it.' }).waitFor();
    const [panel] = await fixline!.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0002'));
    expect(panel!.retiredAt).toBeNull();
    await page.locator('#pending-none', { hasText: 'No device is waiting.' }).waitFor();
    const [left] = await fixline!.database.db.select().from(pendingAssets).where(eq(pendingAssets.tag, 'KIOSK 7'));
    expect(left!.status).toBe('dismissed');
    await page.locator('#lang-switch').click();
    expect(unexpected(admin.errors)).toEqual([]);
  }, 120_000);
});
