import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fixline: Fixline;
let admin: ConsoleClient;
let engineer: ConsoleClient;
let other: ConsoleClient;
let agentUser: ConsoleClient;
let id = '';

async function staff(username: string, displayName: string, role: string): Promise<ConsoleClient> {
  expect((await admin.post('/agents', { username, displayName, role, password: `${username}-password-1` })).status).toBe(201);
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  engineer = await staff('he.gong', '何工', 'engineer');
  other = await staff('xu.gong', '许工', 'engineer');
  agentUser = await staff('su.kefu', '苏客服', 'agent');
  // The planner runs at start.
  for (let i = 0; i < 100 && !id; i++) {
    const { inspections } = await admin.json<{ inspections: { id: string; siteName: string }[] }>('/inspections');
    id = inspections.find((x) => x.siteName === '示例市文化馆')?.id ?? '';
    if (!id) await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);
afterAll(async () => fixline?.stop());

describe('inspections in the console API: who may do what, and bad input refused with its reason', () => {
  it('needs a session', async () => {
    expect((await fetch(`${fixline.url}/api/console/inspections`)).status).toBe(401);
    expect((await fetch(`${fixline.url}/api/console/inspections/${id}/record`)).status).toBe(401);
  });

  it('only a coordinator, supervisor or admin assigns; only an engineer can be assigned', async () => {
    const refused = await agentUser.post(`/inspections/${id}/engineer`, { engineerId: engineer.agent!.id });
    expect(refused.status).toBe(403);
    const notEngineer = await admin.post(`/inspections/${id}/engineer`, { engineerId: agentUser.agent!.id });
    expect(notEngineer.status).toBe(400);
    expect(((await notEngineer.json()) as { error: string }).error).toBe('not_engineer');
    const ok = await admin.post(`/inspections/${id}/engineer`, { engineerId: engineer.agent!.id });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { inspection: { engineerName: string } }).inspection.engineerName).toBe('何工');
  });

  it('the assigned engineer fills lines in, another engineer may not; completion waits for every line', async () => {
    expect((await other.post(`/inspections/${id}/lines/0`, { result: 'ok' })).status).toBe(403);
    expect((await engineer.post(`/inspections/${id}/lines/0`, { result: 'maybe' })).status).toBe(400);
    expect((await engineer.post(`/inspections/${id}/lines/0`, { result: 'ok' })).status).toBe(200);
    const early = await engineer.post(`/inspections/${id}/complete`, {});
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: string }).error).toBe('items_left');
    // A fault opens its ticket at once: without its description it is refused (the ticket would have none).
    const bare = await engineer.post(`/inspections/${id}/lines/3`, { result: 'fault' });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toBe('fault_undescribed');
    const fault = await engineer.post(`/inspections/${id}/lines/3`, { result: 'fault', note: '最近一次备份失败' });
    const body = (await fault.json()) as { ticket: { number: string } | null; inspection: { lines: { ticketNumber: string | null }[] } };
    expect(body.ticket?.number).toMatch(/^FX-\d{4}-\d+$/);
    expect(body.inspection.lines[3]!.ticketNumber).toBe(body.ticket!.number);
    // Changed to OK: the answer says its ticket is still open (not closed with the line); back to fault, the same ticket.
    const okNow = (await (await engineer.post(`/inspections/${id}/lines/3`, { result: 'ok' })).json()) as {
      ticket: unknown;
      stillOpen: { number: string } | null;
    };
    expect(okNow).toMatchObject({ ticket: null, stillOpen: { number: body.ticket!.number } });
    const back = (await (await engineer.post(`/inspections/${id}/lines/3`, { result: 'fault' })).json()) as typeof body;
    expect(back.ticket).toBeNull();
    expect(back.inspection.lines[3]!.ticketNumber).toBe(body.ticket!.number);
    for (const n of [1, 2]) expect((await engineer.post(`/inspections/${id}/lines/${n}`, { result: 'ok' })).status).toBe(200);
    const done = await engineer.post(`/inspections/${id}/complete`, { summary: '备份需处理' });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { inspection: { status: string } }).inspection.status).toBe('done');
    expect((await engineer.post(`/inspections/${id}/lines/0`, { result: 'note', note: '晚了' })).status).toBe(409);
    const html = await (await engineer.get(`/inspections/${id}/record`)).text();
    for (const text of ['网络', '服务器', '机房环境', '数据备份', '最近一次备份失败', body.ticket!.number, '客户签字'])
      expect(html).toContain(text);
    expect((await engineer.get(`/inspections/${id}/record?lang=fr`)).status).toBe(400);
    expect((await engineer.get('/inspections?state=someday')).status).toBe(400);
  });
});
