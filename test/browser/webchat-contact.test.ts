/**
 * One teacher, one contact, in a real Chromium: two QR scans and 新对话 in one browser are the
 * same person, who sees the same 我的工单; and the language of a conversation nobody chose: the
 * browser's, then the first message's. Needs Debian's Chromium (see webchat.test.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { type Fixline, startFixline } from '../../src/server.js';
import { DESKTOP, PHONE, type Window, botSays, launchChromium, openWindow, press, say, screenshot, unexpected } from './console-support.js';

const POLL = { timeout: 15_000 };
let fixline: Fixline;
let browser: Browser;
let attachments: string;
let window: Window | undefined;

beforeAll(async () => {
  attachments = await mkdtemp(path.join(os.tmpdir(), 'fixline-webchat-contact-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    ATTACHMENTS_DIR: attachments,
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'a-long-test-password',
  });
  fixline = await startFixline(config, { loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await window?.context.close();
  window = undefined;
});

afterAll(async () => {
  await browser?.close();
  await fixline?.stop();
  if (attachments) await rm(attachments, { recursive: true, force: true });
}, 60_000);

/** A browser window in the given language (navigator.languages follows the locale). */
async function open(url: string, device: typeof PHONE | typeof DESKTOP, locale: string): Promise<Page> {
  window = await openWindow(browser, `${fixline.url}${url}`, device, async (context) => {
    // openWindow's context is zh-CN; the language under test is set as the browser's own.
    await context.setExtraHTTPHeaders({ 'accept-language': locale });
    await context.addInitScript((lang) => {
      Object.defineProperty(navigator, 'languages', { get: () => [lang] });
      Object.defineProperty(navigator, 'language', { get: () => lang });
    }, locale);
  });
  return window.page;
}

/** The ticket list the teacher sees after typing 我的工单 (at the menu). */
async function myTickets(page: Page): Promise<string> {
  await say(page, '我的工单');
  return (await botSays(page, '您最近的工单')).innerText();
}

describe.runIf(inject('browserTests').run)('one teacher, one contact, in Chromium', () => {
  it('two QR scans and 新对话 in one browser see the same 我的工单', async () => {
    // The first scan: a report for the panel, from the name on.
    const page = await open('/chat?asset=FX-PNL-0001', PHONE, 'zh-CN');
    await botSays(page, '请问怎么称呼您');
    await say(page, '钱老师');
    await botSays(page, '您正在为 一体机 FX-PNL-0001');
    await botSays(page, '请描述一下故障现象');
    await say(page, '开不了机');
    for (const label of ['正常使用中出现', '完全不能用', '只有这台设备', '否', '跳过', '没有解决', '确认提交']) await press(page, label);
    const done = await botSays(page, '报修成功');
    const ticket = /FX-\d{4}-\d{6}/.exec(await done.innerText())?.[0];
    expect(ticket).toBeTruthy();

    // The second scan, another device, in the same browser: the same person, not asked for a name.
    await page.goto(`${fixline.url}/chat?asset=FX-VIS-0001`);
    await botSays(page, '您正在为 展台 FX-VIS-0001');
    await botSays(page, '请描述一下故障现象');
    await expect.poll(() => page.locator('.msg-bot', { hasText: '请问怎么称呼您' }).count(), POLL).toBe(0);
    await say(page, '取消');
    await botSays(page, '已取消');
    expect(await myTickets(page)).toContain(ticket!);

    // 新对话: a new conversation, the same person and tickets.
    await page.getByRole('button', { name: '新对话' }).click();
    await botSays(page, '您好，这里是设备报修服务');
    await expect.poll(() => page.locator('.msg-user').count(), POLL).toBe(0);
    const list = await myTickets(page);
    expect(list).toContain(ticket!);
    expect(list).toContain('共 1 张');
    await screenshot(page, 'webchat-contact-new-chat-tickets.png');

    // The contact token stays in the browser's storage, never in the address.
    const stored = await page.evaluate(() => localStorage.getItem('fixline.webchat.contact'));
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.url()).not.toContain(stored!);
    expect(unexpected(window!.errors)).toEqual([]);
  }, 180_000);

  it('an English browser is greeted in English; a zh browser whose first message is English is answered in English', async () => {
    const en = await open('/chat', DESKTOP, 'en-GB');
    await botSays(en, 'Hello, this is the equipment fault desk');
    await expect.poll(() => en.locator('h1').textContent(), POLL).toBe('Equipment fault desk');
    await window!.context.close();

    const page = await open('/chat', PHONE, 'zh-CN');
    await botSays(page, '您好，这里是设备报修服务');
    await say(page, "the panel won't turn on");
    await botSays(page, 'What is your name?');
    // The page's own words follow the conversation's language.
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en');
    await expect.poll(() => page.locator('#input').getAttribute('placeholder'), POLL).toBe('Type a message, Enter to send');
    await screenshot(page, 'webchat-contact-first-message-english.png');
    // The language command still switches.
    await say(page, '中文');
    await botSays(page, '已切换为中文');
    expect(unexpected(window!.errors)).toEqual([]);
  }, 120_000);
});
