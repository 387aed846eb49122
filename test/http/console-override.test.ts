import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketListItem, TicketView } from '../../src/app/ticket-service.js';
import type { Contract } from '../../src/domain/contract.js';
import type { Wire } from '../../src/console/types.js';
import type { Fixline } from '../../src/server.js';
import { messages, tickets } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';

/**
 * One truth per ticket (issue 14, item 6), through the console's API: an override recomputes the
 * clocks and the reasons and tells the teacher; a visit after the on-site due time needs a
 * reason; the engineer's arrival is the moment it is pressed, and only once one was sent.
 */
type View = Wire<TicketView>;

const reportedAt = new Date('2026-11-30T01:00:00Z');
let now = new Date(reportedAt.getTime() + 10 * 60_000);
let fixline: Fixline;
let wang: ConsoleClient;
let contract: Contract;
let ticketId = '';
let conversationId = '';
let engineerId = '';

beforeAll(async () => {
  fixline = await startTestServer({}, { clock: () => now });
  const admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  await admin.post('/agents', { username: 'wang', displayName: '王客服', role: 'agent', password: 'wang-password-1' });
  const created = await admin.post('/agents', { username: 'chen', displayName: '陈工', role: 'engineer', password: 'chen-password-1' });
  engineerId = ((await created.json()) as { agent: { id: string } }).agent.id;
  wang = new ConsoleClient(fixline.url);
  await wang.login('wang', 'wang-password-1');
  ({ ticketId, conversationId } = await seedTriagedTicket(fixline.database.db, fixline.catalog, reportedAt));
  const detail = await ticket();
  contract = fixline.catalog.contracts.get(detail.contractId)!;
});
afterAll(async () => fixline?.stop());

const ticket = async () => (await wang.json<{ ticket: View }>(`/tickets/${ticketId}`)).ticket;
const command = async (body: Record<string, unknown>) =>
  wang.post(`/tickets/${ticketId}/commands`, { version: (await ticket()).updatedAt, ...body });
const after = (ms: number) => new Date(reportedAt.getTime() + ms).toISOString();
const clock = (view: { clocks: View['clocks'] }, key: string) => view.clocks.find((c) => c.key === key);
const told = async () =>
  (
    await fixline.database.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out')))
      .orderBy(asc(messages.seq))
  ).map((m) => m.text);

describe('the clocks in the console', () => {
  it('the list and the detail carry every clock as the server reckons it now', async () => {
    const view = await ticket();
    expect(view.warranty).toBe('in_warranty');
    const row = contract.sla.in_warranty;
    expect(clock(view, 'onSite')).toMatchObject({ state: 'running', dueAt: after(row.onSite), stoppedAt: null });
    expect(clock(view, 'response')).toMatchObject({ state: 'running', dueAt: after(row.response) });
    if (row.loaner) expect(clock(view, 'loaner')).toMatchObject({ state: 'not_needed', startsAt: after(row.loaner), dueAt: null });
    const list = await wang.json<{ tickets: Wire<TicketListItem>[] }>('/tickets?open=true');
    expect(list.tickets.find((t) => t.id === ticketId)?.clocks).toEqual(view.clocks);
  });
});

describe('overriding the warranty to out of warranty', () => {
  it('recomputes the due times and the reasons, the override first, and tells the teacher', async () => {
    const before = await ticket();
    expect(before.reasons.map((r) => r.text['zh-CN']).join('\n')).toMatch(/保修至/);
    const res = await command({ kind: 'override_warranty', to: 'out_of_warranty', reason: '序列号与合同清单不符' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { ticket: view } = (await res.json()) as { ticket: View };
    const row = contract.sla.out_of_warranty;
    expect(view).toMatchObject({
      warranty: 'out_of_warranty',
      billable: true,
      responseDueAt: after(row.response),
      onSiteDueAt: after(row.onSite),
      loanerDueAt: null,
    });
    expect(clock(view, 'onSite')).toMatchObject({ state: 'running', dueAt: after(row.onSite) });
    expect(clock(view, 'loaner')).toBeUndefined();
    expect(view.reasons[0]?.text['zh-CN']).toBe('王客服改判为「已过保，按成本收取配件费」：序列号与合同清单不符');
    expect(view.reasons[1]?.text).toEqual(before.reasons[0]?.text);
    expect(view.reasons.at(-1)?.clause).toBe(row.clause);
    expect(view.reasons.map((r) => r.text['zh-CN']).join('\n')).not.toMatch(/保修至/);
    expect((await told()).at(-1)).toMatch(
      /保修判定已更正为「已过保，按成本收取配件费」。原因：序列号与合同清单不符。服务承诺随之调整为：.*响应/,
    );
  });

  it('severity B → C replaces the B reason with the override’s and tells the teacher', async () => {
    const before = await ticket();
    expect(before.severity).toBe('B');
    const res = await command({ kind: 'override_severity', to: 'C', reason: '教室还有备用投影，课程可以继续' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { ticket: view } = (await res.json()) as { ticket: View };
    expect(view.severity).toBe('C');
    expect(view.reasons[0]?.text['zh-CN']).toBe(`王客服改判为${contract.severity.levels.C.name['zh-CN']}：教室还有备用投影，课程可以继续`);
    expect(view.reasons.map((r) => r.text['zh-CN']).join('\n')).not.toContain(contract.severity.levels.B.name['zh-CN']);
    // The warranty override stays, right after it.
    expect(view.reasons[1]?.text['zh-CN']).toMatch(/^王客服改判为「已过保/);
    expect((await told()).at(-1)).toBe(
      `工单 ${view.number}：故障等级已调整为 ${contract.severity.levels.C.name['zh-CN']}。原因：教室还有备用投影，课程可以继续`,
    );
  });
});

describe('an appointment after the on-site due time', () => {
  it('is refused without a reason, saying the due time; with one, it is kept with the dispatch', async () => {
    const due = clock(await ticket(), 'onSite')!.dueAt!;
    const late = new Date(Date.parse(due) + 30 * 60_000).toISOString();
    const refused = await command({ kind: 'dispatch', engineerId, appointmentAt: late });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: string; message: string };
    expect(body.error).toBe('appointment_late');
    expect(body.message).toMatch(/on site by .*\d\d:\d\d/);
    expect((await ticket()).status).not.toBe('on_site_dispatched');
    const inTime = await command({ kind: 'dispatch', engineerId, appointmentAt: due });
    expect(inTime.status, await inTime.clone().text()).toBe(200);
    const moved = await command({ kind: 'reschedule', appointmentAt: late, lateReason: '工程师在另一学校处理A级故障' });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const { ticket: view } = (await moved.json()) as { ticket: View };
    expect(view.events.at(-1)).toMatchObject({ kind: 'visit_rescheduled', data: { lateReason: '工程师在另一学校处理A级故障' } });
    expect(view.appointmentAt).toBe(late);
  });
});

describe("the engineer's arrival", () => {
  it('cannot be given a time: it is the moment it is pressed', async () => {
    const backdated = await command({ kind: 'move', to: 'engineer_on_site', at: after(0) });
    expect(backdated.status).toBe(400);
    now = new Date(reportedAt.getTime() + 90 * 60_000);
    await wang.login('wang', 'wang-password-1'); // the session idled out meanwhile
    const res = await command({ kind: 'move', to: 'engineer_on_site' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { ticket: view } = (await res.json()) as { ticket: View };
    expect(view.onSiteAt).toBe(now.toISOString());
    expect(clock(view, 'onSite')).toMatchObject({ state: 'met', stoppedAt: now.toISOString() });
  });

  it('cannot be pressed for a ticket no engineer was sent to', async () => {
    const other = await seedTriagedTicket(fixline.database.db, fixline.catalog, reportedAt);
    const res0 = await wang.post(`/tickets/${other.ticketId}/commands`, { kind: 'move', to: 'engineer_on_site' });
    expect(((await res0.json()) as { error: string }).error).toBe('not_dispatched');
    // A ticket left "dispatched" with nobody (as older data may be): still refused.
    await fixline.database.db.update(tickets).set({ status: 'on_site_dispatched' }).where(eq(tickets.id, other.ticketId));
    const view = (await wang.json<{ ticket: View }>(`/tickets/${other.ticketId}`)).ticket;
    const res = await wang.post(`/tickets/${other.ticketId}/commands`, { kind: 'move', to: 'engineer_on_site', version: view.updatedAt });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe('not_dispatched');
  });
});

describe('a loaner unit recorded in the console', () => {
  it('by an agent, with no engineer sent: the loaner clock stops as met, the teacher is told; a second time is refused', async () => {
    const second = await seedTriagedTicket(fixline.database.db, fixline.catalog, reportedAt, { number: 'FX-2026-000777' });
    const loanerAfter = contract.sla.in_warranty.loaner!;
    now = new Date(reportedAt.getTime() + loanerAfter + 30 * 60_000);
    await wang.login('wang', 'wang-password-1'); // the clock moved a day: the session idled out
    const view = async () => (await wang.json<{ ticket: View }>(`/tickets/${second.ticketId}`)).ticket;
    expect(clock(await view(), 'loaner')).toMatchObject({ state: 'running', stoppedAt: null });
    const record = async () =>
      wang.post(`/tickets/${second.ticketId}/commands`, { kind: 'loaner_delivered', version: (await view()).updatedAt });
    const res = await record();
    expect(res.status, await res.clone().text()).toBe(200);
    const { ticket: done } = (await res.json()) as { ticket: View };
    expect(clock(done, 'loaner')).toMatchObject({ state: 'met', stoppedAt: now.toISOString() });
    expect(done.events.at(-1)).toMatchObject({ kind: 'loaner_delivered', actorName: '王客服' });
    const teacher = await fixline.database.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.conversationId, second.conversationId), eq(messages.direction, 'out')));
    expect(teacher.map((m) => m.text).join('\n')).toContain('备用机已送达');
    const again = await record();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'unchanged' });
  });
});
