import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ChatClient, startTestServer } from '../support/server.js';

/** Wrong link codes through the web chat API count per address: new sessions do not start afresh. */
let fixline: Fixline;
beforeAll(async () => {
  fixline = await startTestServer({ TRUST_PROXY: 'true', LINK_CODE_MAX_FAILURES_PER_ADDRESS: '2' });
});
afterAll(async () => fixline?.stop());

async function tryCode(address: string, code: string) {
  const chat = new ChatClient(fixline.url);
  await chat.open();
  const from = { 'x-forwarded-for': address };
  await chat.post({ text: '关联' }, from);
  await chat.waitFor(/关联起来/);
  await chat.post({ text: '输入关联码' }, from);
  await chat.waitFor(/8 位关联码/);
  await chat.post({ text: code }, from);
  return (await chat.waitFor(/无效或已过期|次数太多/)).found.text;
}

it('a script opening a new web chat session per guess is held off by its address', async () => {
  expect(await tryCode('203.0.113.8', '1111 1111')).toMatch(/无效或已过期/);
  expect(await tryCode('203.0.113.8', '2222 2222')).toMatch(/无效或已过期/);
  expect(await tryCode('203.0.113.8', '3333 3333')).toMatch(/次数太多，请 1 分钟后再试/);
  expect(await tryCode('198.51.100.8', '4444 4444')).toMatch(/无效或已过期/);
}, 30_000);
