/**
 * Return visits in Chromium (issue 15 item 2): a coordinator opens 回访, sees the visits to phone
 * (not delivered, nobody at the school, asked for a call) with their reasons and the visit done,
 * records a call (it leaves the list for the done ones, with the note); then all of it in English.
 */
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { contacts, conversations, returnVisits, sites } from '../../src/storage/schema.js';
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

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
let window: Window | undefined;

beforeAll(async () => {
  if (!browserTestsRun()) return;
  [fixline, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  expect(
    (await api.post('/agents', { username: 'suxie', displayName: '苏协调', role: 'coordinator', password: 'suxie-password-1' })).status,
  ).toBe(201);
  const db = fixline.database.db;
  const [school] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
  const siteId = school!.id;
  const teachers = await db
    .insert(contacts)
    .values([
      { name: '何老师', phone: '13800000017', lang: 'zh-CN', siteId },
      { name: '罗老师', phone: '13800000029', lang: 'zh-CN', siteId },
      { name: '田老师', lang: 'zh-CN', siteId },
      { name: '卫老师', phone: '13800000031', lang: 'zh-CN', siteId },
    ])
    .returning();
  const [he, luo, tian, wei] = teachers;
  const [chat] = await db
    .insert(conversations)
    .values({ channel: 'webchat', externalKey: 'visit-browser-chat', contactId: luo!.id, state: { lang: 'zh-CN' } })
    .returning();
  const round = { siteId, contractId: 'GX-EDU', roundOn: '2026-11-02' };
  const sent = new Date('2026-11-02T01:30:00Z');
  await db.insert(returnVisits).values([
    { ...round, contactId: he!.id, status: 'undelivered' },
    { ...round, contactId: luo!.id, conversationId: chat!.id, status: 'answered', sentAt: sent, answer: 'call', answeredAt: sent },
    { ...round, contactId: tian!.id, conversationId: chat!.id, status: 'answered', sentAt: sent, answer: 'ok', answeredAt: sent },
    // "Report a fault", and the report was left: no ticket came of it.
    { ...round, contactId: wei!.id, conversationId: chat!.id, status: 'answered', sentAt: sent, answer: 'fault', answeredAt: sent },
    { ...round, roundOn: '2026-08-03', contactId: null, status: 'undelivered' },
  ]);
}, 120_000);

afterAll(async () => {
  await window?.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('return visits in the console', () => {
  it('a coordinator sees the visits to phone with their reasons, records a call, and reads it in English', async () => {
    window = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    const page = window.page;
    await signIn(page, 'suxie', 'suxie-password-1', '苏协调');
    await page.locator('#nav-after-service').click();
    await page.locator('#nav-visits').click();
    const toPhone = page.locator('#visits-to-phone .visit-row');
    await expect.poll(() => toPhone.count(), POLL).toBe(4);
    expect(await page.locator('#nav-visits').textContent()).toBe('回访');
    expect(await page.locator('#visits-to-phone .card-title').textContent()).toBe('待电话回访（4）');
    const reasons = await page.locator('#visits-to-phone .reason-pill').allTextContents();
    expect(reasons.sort()).toEqual(['无法送达', '无法送达', '要求来电', '报故障未报修'].sort());
    expect(await page.locator('#visits-to-phone').textContent()).toContain('（没有联系老师）');
    expect(await page.locator('#visits-to-phone').textContent()).toContain('13800000017');
    expect(await page.locator('#visits-done .visit-row').count()).toBe(1);
    expect(await page.locator('#visits-done').textContent()).toContain('都正常');
    await screenshot(page, 'console-visits-zh.png', true);

    // An empty note is refused in the page; a note records the call.
    const he = toPhone.filter({ hasText: '何老师' });
    await he.locator('[data-action="record-call"]').click();
    await he.locator('[data-action="save-call"]').click();
    expect(await he.locator('.form-error').textContent()).toBe('请填写通话记录（500 字以内）。');
    await he.locator('textarea').fill('已电话联系，设备均正常');
    await he.locator('[data-action="save-call"]').click();
    await expect.poll(() => page.locator('#visits-message').textContent(), POLL).toBe('已记录对何老师的电话回访。');
    await expect.poll(() => toPhone.count(), POLL).toBe(3);
    expect(await page.locator('#visits-done').textContent()).toContain('已电话联系，设备均正常');
    expect(await page.locator('#visits-done .answer-phoned').textContent()).toBe('已电话回访');

    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('#nav-visits').textContent(), POLL).toBe('Visits');
    expect(await page.locator('.visits-view .view-title').textContent()).toBe('Return visits');
    expect(await page.locator('#visits-to-phone .card-title').textContent()).toBe('To phone (3)');
    expect((await page.locator('#visits-to-phone .reason-pill').allTextContents()).sort()).toEqual([
      'Asked for a call',
      'Fault, not reported',
      'Not delivered',
    ]);
    expect(await page.locator('#visits-done').textContent()).toContain('phoned on');
    await screenshot(page, 'console-visits-en.png', true);
    expect(unexpected(window.errors)).toEqual([]);
  }, 90_000);
});
