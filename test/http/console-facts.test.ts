import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../src/app/ticket-service.js';
import type { QueueEntry } from '../../src/ports/console-store.js';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket, TRIAGED_SUMMARY } from '../support/triaged-ticket.js';

type Wire = Omit<TicketView, 'updatedAt'> & { updatedAt: string };

let fixline: Fixline;
let wang: ConsoleClient;
let chen: ConsoleClient;
let ticketId = '';
let conversationId = '';

async function agent(admin: ConsoleClient, username: string, displayName: string, role: string): Promise<ConsoleClient> {
  await admin.post('/agents', { username, displayName, role, password: `${username}-password-1` });
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

beforeAll(async () => {
  fixline = await startTestServer();
  const admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  wang = await agent(admin, 'wang', '王客服', 'agent');
  chen = await agent(admin, 'chen', '陈工', 'engineer');
  ({ ticketId, conversationId } = await seedTriagedTicket(fixline.database.db, fixline.catalog, new Date()));
});
afterAll(async () => fixline?.stop());

const ticket = async () => (await wang.json<{ ticket: Wire }>(`/tickets/${ticketId}`)).ticket;

describe('POST /api/console/tickets/:id/facts', () => {
  it('needs a session and the CSRF token', async () => {
    const anonymous = await fetch(`${fixline.url}/api/console/tickets/${ticketId}/facts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fact: 'cause', value: 'liquid' }),
    });
    expect(anonymous.status).toBe(401);
    const forged = await wang.send('POST', `/tickets/${ticketId}/facts`, { fact: 'cause', value: 'liquid' }, { 'x-csrf-token': 'nope' });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: 'csrf' });
  });

  it('refuses an engineer (403), an unknown fact or value (400 with the reason), the same value and a stale view (409)', async () => {
    const { updatedAt: version } = await ticket();
    const post = (client: ConsoleClient, body: Record<string, unknown>) => client.post(`/tickets/${ticketId}/facts`, { version, ...body });
    expect((await post(chen, { fact: 'cause', value: 'liquid' })).status).toBe(403);
    for (const [body, error] of [
      [{ fact: 'colour', value: 'red' }, 'unknown_fact'],
      [{ fact: 'cause', value: 'aliens' }, 'invalid_value'],
      [{ fact: 'usable', value: 'no' }, 'invalid_value'],
      [{ fact: 'accessory', value: 'touch_pen' }, 'invalid_value'],
    ] as const) {
      const res = await post(wang, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error, message: expect.any(String) });
    }
    expect((await post(wang, { fact: 'cause', value: { nested: true } })).status).toBe(400);
    const same = await post(wang, { fact: 'symptom', value: 'no_display' });
    expect(same.status).toBe(409);
    expect(await same.json()).toMatchObject({ error: 'unchanged' });
    const stale = await post(wang, { fact: 'cause', value: 'liquid', version: '2000-01-01T00:00:00.000Z' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: 'stale' });
    expect((await ticket()).corrections).toEqual([]);
  });

  it('a correction answers the ticket with the fact set by the agent, the correction kept and logged, and what the contract now says', async () => {
    const before = await ticket();
    const res = await wang.post(`/tickets/${ticketId}/facts`, { fact: 'cause', value: 'liquid', version: before.updatedAt });
    expect(res.status, await res.clone().text()).toBe(200);
    const { ticket: after } = (await res.json()) as { ticket: Wire };
    expect(after.facts.cause).toBe('liquid');
    expect(after.triage?.origins.cause).toEqual({ source: 'agent', agentId: wang.agent!.id });
    expect(after.corrections).toEqual([
      expect.objectContaining({ agentName: '王客服', fact: 'cause', before: 'none_known', after: 'liquid', source: 'teacher' }),
    ]);
    expect(after.events.at(-1)).toMatchObject({
      kind: 'fact_corrected',
      actorName: '王客服',
      data: { fact: 'cause', from: 'none_known', to: 'liquid' },
    });
    expect(after).toMatchObject({ severity: before.severity, warranty: before.warranty, reassessment: { warranty: 'excluded' } });
    expect(after.updatedAt).not.toBe(before.updatedAt);
    // The same view again from GET.
    expect((await ticket()).reassessment).toEqual(after.reassessment);
  });

  it("the queue shows the conversation's two-line summary", async () => {
    const entry = (await wang.json<{ queue: QueueEntry[] }>('/queue')).queue.find((e) => e.id === conversationId);
    expect(entry?.summary).toEqual(TRIAGED_SUMMARY);
  });
});
