/**
 * The agent console in Chromium on a ticket the LLM triage read: the report's two-line summary at
 * the top, each fact with where it came from (teacher, LLM with its words and confidence, word
 * lists, default), the LLM call; an agent corrects a fact, the row says so, and the page tells what
 * the contract would now decide, which the agent applies with the override beside. The queue and
 * the conversation show the summary.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
import {
  ADMIN_PASSWORD,
  browserTestsRun,
  DESKTOP,
  launchChromium,
  openWindow,
  PHONE,
  queueItem,
  screenshot,
  screenshotOf,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

const POLL = { timeout: 15_000 };

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
let admin: Window | undefined;
let phone: Window | undefined;
let ticketId = '';

beforeAll(async () => {
  if (!browserTestsRun()) return;
  [fixline, browser] = await Promise.all([startTestServer(), launchChromium()]);
  ({ ticketId } = await seedTriagedTicket(fixline.database.db, fixline.catalog, new Date(), { contactName: '周老师' }));
}, 120_000);

afterAll(async () => {
  await admin?.context.close().catch(() => undefined);
  await phone?.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('a ticket read by the LLM triage, in the console', () => {
  it('shows the summary, each fact with its origin and evidence, and the LLM call', async () => {
    admin = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    const page = admin.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    await page.goto(`${fixline!.url}/console#/tickets/${ticketId}`);
    const summary = page.locator('#ticket-summary');
    await summary.waitFor();
    expect(await summary.locator('.summary-tag').textContent()).toBe('LLM');
    expect(await summary.locator('.summary-text').textContent()).toContain('明湖小学三年级二班的一体机黑屏，完全不能用。');

    const row = (fact: string) => page.locator(`#fact-table tr[data-fact="${fact}"]`);
    const cells = async (fact: string) => (await row(fact).locator('th, td').allTextContents()).slice(0, 4).map((s) => s.trim());
    expect(await cells('device')).toEqual(['设备类型', '一体机', '词表', '一体机']);
    expect(await cells('symptom')).toEqual(['现象', '黑屏/无显示', 'LLM', '屏幕没有任何显示置信度 0.92']);
    expect(await cells('cause')).toEqual(['原因', '正常使用中出现', '老师选择', '']);
    expect(await cells('majorEvent')).toEqual(['重大活动', '否', '默认', '']);
    // No accessory row for a panel.
    expect(await row('accessory').count()).toBe(0);

    const call = (await page.locator('#llm-call').textContent()) ?? '';
    for (const words of ['LLM 调用', 'qwen-plus', 'triage-2026-11', 'ok', '842 毫秒', '612 + 88']) expect(call).toContain(words);
    expect(await page.locator('#reassessment').count()).toBe(0);
    await screenshot(page, 'console-ticket-facts-page.png', true);
    await screenshotOf(page.locator('.ticket-info'), 'console-ticket-facts.png');
  }, 60_000);

  it('the agent corrects a fact: the row says the agent did, the log keeps it, the page says what the contract would now decide', async () => {
    const page = admin!.page;
    const cause = page.locator('#fact-table tr[data-fact="cause"]');
    await cause.locator('.fact-edit').click();
    await cause.locator('select').selectOption({ label: '人为损坏' });
    await screenshotOf(page.locator('#fact-table'), 'console-fact-correcting.png');
    await cause.locator('.fact-save').click();
    await page.locator('#fact-table tr[data-fact="cause"][data-source="agent"]').waitFor();
    expect(await cause.locator('.origin').textContent()).toBe('客服更正');
    expect(await cause.locator('.fact-value').textContent()).toBe('人为损坏管理员 更正，原为「正常使用中出现」');
    await expect.poll(() => page.locator('#ticket-message').textContent(), POLL).toBe('已更正原因：人为损坏。');
    // The contract's decision is not changed by itself: the page says what it would be now.
    const hint = page.locator('#reassessment');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(/^按更正后的事实，合同判定为 B级（[^）]+），不在保修范围内，按成本收取配件费。/);
    expect(await page.locator('#severity').textContent()).toContain('B');
    expect(await page.locator('#events .event[data-kind="fact_corrected"]').textContent()).toContain(
      '管理员更正原因：正常使用中出现 → 人为损坏',
    );
    await screenshotOf(page.locator('.ticket-info'), 'console-ticket-fact-corrected.png');

    // The override beside applies it; then there is nothing left to suggest.
    await page.locator('#reassessment-go').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe('override-warranty-to');
    await page.locator('#override-warranty-to').selectOption('excluded');
    await page.locator('#override-warranty-reason').fill('更正原因后按合同：人为损坏');
    await page.locator('#override-warranty').click();
    await page.locator('#warranty-overridden').waitFor();
    await expect.poll(() => page.locator('#reassessment').count(), POLL).toBe(0);
    expect(unexpected(admin!.errors)).toEqual([]);
  }, 60_000);

  it('the queue and the conversation show the summary', async () => {
    const page = admin!.page;
    await page.locator('[data-nav="queue"]').click();
    const item = queueItem(page, '周老师');
    expect(await item.locator('.qi-summary').textContent()).toBe('明湖小学三年级二班的一体机黑屏，完全不能用。');
    await item.click();
    const side = page.locator('#conv-summary');
    await side.waitFor();
    expect(await side.textContent()).toContain('正常使用中出现，只影响这一台，今天有课急用。');
    await screenshot(page, 'console-conversation-summary.png');
    expect(unexpected(admin!.errors)).toEqual([]);
  }, 60_000);

  it('in English on a phone: the origins in English, the table within the screen', async () => {
    const api = new ConsoleClient(fixline!.url);
    await api.login('admin', ADMIN_PASSWORD);
    const created = await api.post('/agents', {
      username: 'amy',
      displayName: 'Amy',
      role: 'agent',
      lang: 'en',
      password: 'amy-password-1',
    });
    expect(created.status).toBe(201);
    phone = await openWindow(browser!, `${fixline!.url}/console`, PHONE);
    const page = phone.page;
    await signIn(page, 'amy', 'amy-password-1', 'Amy');
    await page.goto(`${fixline!.url}/console#/tickets/${ticketId}`);
    await page.locator('#fact-table').waitFor();
    await expect
      .poll(() => page.locator('#fact-table .origin').allTextContents(), POLL)
      .toEqual(['word lists', 'LLM', 'agent', 'teacher', 'teacher', 'default']);
    expect(await page.locator('#ticket-summary .summary-text').textContent()).toContain('shows no picture and cannot be used.');
    expect(await page.locator('#fact-table tr[data-fact="cause"] .fact-corrected-by').textContent()).toBe(
      'corrected by 管理员, was “during normal use”',
    );
    expect(await page.locator('#fact-table tr[data-fact="symptom"] .fact-confidence').textContent()).toBe('confidence 0.92');
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await screenshotOf(page.locator('#fact-table'), 'console-phone-en-facts.png');
    expect(unexpected(phone.errors)).toEqual([]);
  }, 60_000);
});
