import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ticketAlerts } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';

let fixline: Fixline;
let admin: ConsoleClient;
let chen: ConsoleClient;
let number = '';

async function agent(username: string, displayName: string, role: string): Promise<ConsoleClient> {
  await admin.post('/agents', { username, displayName, role, password: `${username}-password-1` });
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

interface Listed {
  alerts: { number: string; kind: string; text: { 'zh-CN': string; en: string } | null; at: string }[];
}

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  chen = await agent('chen', '陈工', 'engineer');
  const seeded = await seedTriagedTicket(fixline.database.db, fixline.catalog, new Date());
  number = seeded.number;
  const at = new Date();
  await fixline.database.db.insert(ticketAlerts).values([
    {
      ticketId: seeded.ticketId,
      key: 'clock:onSite:75:x',
      kind: 'clock',
      at,
      status: 'sent',
      sentAt: at,
      data: { sentTo: [chen.agent!.id], text: { 'zh-CN': '上门时限还剩 30分钟', en: '30 min left on the on-site deadline' } },
    },
    {
      ticketId: seeded.ticketId,
      key: 'unassigned:B',
      kind: 'unassigned',
      at,
      status: 'sent',
      sentAt: new Date(at.getTime() + 1000),
      data: { sentTo: [], text: { 'zh-CN': '还没有人接手', en: 'has nobody on it' } },
    },
    { ticketId: seeded.ticketId, key: 'raised:A', kind: 'raised', at, data: {} }, // pending: not listed
    // The satisfaction question went to the teacher, not to staff: not listed.
    {
      ticketId: seeded.ticketId,
      key: 'survey',
      kind: 'survey',
      at,
      status: 'sent',
      sentAt: new Date(at.getTime() + 2000),
      data: { sentTo: [], text: { 'zh-CN': '您对这次维修满意吗？', en: 'How satisfied are you?' } },
    },
  ]);
});
afterAll(async () => fixline?.stop());

describe('GET /api/console/alerts', () => {
  it('needs a session', async () => {
    expect((await fetch(`${fixline.url}/api/console/alerts`)).status).toBe(401);
  });

  it('lists an engineer the alerts sent to them only', async () => {
    const { alerts } = await chen.json<Listed>('/alerts');
    expect(alerts).toEqual([
      {
        id: expect.any(Number),
        ticketId: expect.any(String),
        number,
        kind: 'clock',
        text: expect.objectContaining({ en: '30 min left on the on-site deadline' }),
        at: expect.any(String),
      },
    ]);
  });

  it('lists an admin every sent alert, newest first', async () => {
    const { alerts } = await admin.json<Listed>('/alerts');
    expect(alerts.map((a) => a.kind)).toEqual(['unassigned', 'clock']);
  });

  it('refuses a limit out of range with the reason', async () => {
    const res = await admin.get('/alerts?limit=0');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_query', message: expect.stringMatching(/^limit: /) });
  });
});
