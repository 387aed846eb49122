import { describe, expect, it } from 'vitest';
import { applyTicketCommand, REOPEN, STATUSES, type Status, type TicketState, TRANSITIONS } from '../../src/domain/ticket-life.js';

const t0 = new Date('2026-10-12T06:00:00Z');
const later = new Date('2026-10-12T07:00:00Z');
const ticket = (over: Partial<TicketState> = {}): TicketState => ({
  status: 'registered',
  severity: 'C',
  warranty: 'in_warranty',
  billable: false,
  engineerId: null,
  engineerName: null,
  appointmentAt: null,
  respondedAt: null,
  onSiteAt: null,
  resolvedAt: null,
  closedAt: null,
  loanerDeliveredAt: null,
  reopenings: [],
  ...over,
});
const report = { problemType: '硬件故障', cause: '触摸框排线松动', solution: '重新插紧排线并固定', lossAssessment: '无损失' };

describe('ticket life (clause 5.10)', () => {
  it('allows exactly the transitions of the service flow', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const r = applyTicketCommand(ticket({ status: from }), { kind: 'move', to }, later);
        const allowed =
          TRANSITIONS[from].includes(to) &&
          to !== 'closed' &&
          to !== 'on_site_dispatched' &&
          to !== 'engineer_on_site' &&
          from !== 'closed';
        expect(r.ok, `${from} → ${to}`).toBe(allowed);
      }
    }
  });

  it('the first move away from registered is the first response', () => {
    const r = applyTicketCommand(ticket(), { kind: 'move', to: 'remote_support' }, later);
    expect(r).toMatchObject({ ok: true, changes: { status: 'remote_support', respondedAt: later } });
    const again = applyTicketCommand(ticket({ status: 'remote_support', respondedAt: t0 }), { kind: 'move', to: 'resolved' }, later);
    expect(again.ok && again.changes.respondedAt).toBeFalsy();
  });

  it('dispatching needs an engineer and a time, and tells the reporter both', () => {
    expect(applyTicketCommand(ticket(), { kind: 'move', to: 'on_site_dispatched' }, later)).toMatchObject({
      ok: false,
      error: 'engineer_required',
    });
    const at = new Date('2026-10-12T08:00:00Z');
    const r = applyTicketCommand(ticket(), { kind: 'dispatch', engineerId: 'e1', engineerName: '陈工', appointmentAt: at }, later);
    expect(r).toMatchObject({
      ok: true,
      changes: { status: 'on_site_dispatched', engineerId: 'e1', engineerName: '陈工', appointmentAt: at },
      notices: ['engineer_assigned', 'visit_scheduled'],
    });
    const moved = applyTicketCommand(
      ticket({ status: 'on_site_dispatched', engineerId: 'e1', appointmentAt: at }),
      { kind: 'reschedule', appointmentAt: later },
      later,
    );
    expect(moved).toMatchObject({ ok: true, notices: ['visit_scheduled'], event: { kind: 'visit_rescheduled' } });
    expect(applyTicketCommand(ticket(), { kind: 'reschedule', appointmentAt: later }, later).ok).toBe(false);
    expect(
      applyTicketCommand(
        ticket({ status: 'waiting_parts' }),
        { kind: 'dispatch', engineerId: 'e1', engineerName: '陈工', appointmentAt: at },
        later,
      ).ok,
    ).toBe(false);
  });

  it('the engineer arriving stops the on-site clock at the moment it is pressed, only when an engineer was sent; resolving tells the reporter', () => {
    for (const status of ['on_site_dispatched', 'waiting_parts'] as const) {
      expect(applyTicketCommand(ticket({ status, respondedAt: t0 }), { kind: 'move', to: 'engineer_on_site' }, later)).toMatchObject({
        ok: false,
        error: 'not_dispatched',
      });
    }
    const arrived = applyTicketCommand(
      ticket({ status: 'on_site_dispatched', respondedAt: t0, engineerId: 'e1', engineerName: '陈工' }),
      { kind: 'move', to: 'engineer_on_site' },
      later,
    );
    expect(arrived).toMatchObject({ ok: true, changes: { onSiteAt: later } });
    const resolved = applyTicketCommand(ticket({ status: 'engineer_on_site', respondedAt: t0 }), { kind: 'move', to: 'resolved' }, later);
    expect(resolved).toMatchObject({ ok: true, changes: { resolvedAt: later }, notices: ['resolved'] });
  });

  it('closing needs a resolved ticket and the whole problem report', () => {
    expect(applyTicketCommand(ticket({ status: 'remote_support' }), { kind: 'close', report }, later)).toMatchObject({
      ok: false,
      error: 'invalid_transition',
    });
    expect(
      applyTicketCommand(ticket({ status: 'resolved' }), { kind: 'close', report: { ...report, cause: ' ', lossAssessment: '' } }, later),
    ).toMatchObject({
      ok: false,
      error: 'report_required',
      message: expect.stringContaining('cause, lossAssessment'),
    });
    const closed = applyTicketCommand(ticket({ status: 'resolved', resolvedAt: t0 }), { kind: 'close', report }, later);
    expect(closed).toMatchObject({ ok: true, changes: { status: 'closed', closedAt: later, report }, event: { kind: 'closed' } });
    expect(applyTicketCommand(ticket({ status: 'closed' }), { kind: 'move', to: 'remote_support' }, later)).toMatchObject({
      ok: false,
      error: 'closed',
    });
  });

  it('a resolved ticket can be reopened, which clears the resolution time', () => {
    const r = applyTicketCommand(
      ticket({ status: 'resolved', resolvedAt: t0, respondedAt: t0 }),
      { kind: 'move', to: 'remote_support' },
      later,
    );
    expect(r).toMatchObject({ ok: true, changes: { status: 'remote_support', resolvedAt: null } });
  });

  it('severity and warranty are overridden only with a reason, which is logged', () => {
    expect(applyTicketCommand(ticket(), { kind: 'override_severity', to: 'A', reason: '  ' }, later)).toMatchObject({
      ok: false,
      error: 'reason_required',
    });
    expect(applyTicketCommand(ticket(), { kind: 'override_severity', to: 'C', reason: 'x' }, later)).toMatchObject({
      ok: false,
      error: 'unchanged',
    });
    expect(applyTicketCommand(ticket(), { kind: 'override_severity', to: 'A', reason: '期末考试用' }, later)).toMatchObject({
      ok: true,
      changes: { severity: 'A', severitySince: later, severityOverridden: true },
      event: { kind: 'severity_overridden', data: { from: 'C', to: 'A', reason: '期末考试用' } },
      notices: ['severity_changed'],
    });
    expect(applyTicketCommand(ticket(), { kind: 'override_warranty', to: 'excluded', reason: '现场确认屏幕被砸' }, later)).toMatchObject({
      ok: true,
      changes: { warranty: 'excluded', billable: true, warrantyOverridden: true },
      event: { data: { reason: '现场确认屏幕被砸', billable: true } },
      notices: ['warranty_changed'],
    });
    const unknownVerified = applyTicketCommand(
      ticket({ warranty: 'unknown' }),
      { kind: 'override_warranty', to: 'in_warranty', reason: '工程师核对序列号' },
      later,
    );
    expect(unknownVerified).toMatchObject({ ok: true, changes: { billable: false } });
  });

  it('a closed or resolved ticket is reopened to remote support with a reason; the reporter is told; met clocks stay met; the resolution is kept as a pause', () => {
    const closed = ticket({ status: 'closed', respondedAt: t0, onSiteAt: t0, resolvedAt: t0, closedAt: t0 });
    const r = applyTicketCommand(closed, { kind: 'reopen', reason: '  屏幕又黑了  ' }, later);
    expect(r).toEqual({
      ok: true,
      changes: { status: 'remote_support', resolvedAt: null, closedAt: null, reopenings: [{ resolvedAt: t0, reopenedAt: later }] },
      event: { kind: 'reopened', data: { from: 'closed', to: 'remote_support', reason: '屏幕又黑了' } },
      notices: ['reopened'],
    });
    expect(applyTicketCommand(ticket({ status: 'resolved', resolvedAt: t0 }), { kind: 'reopen', reason: '没修好' }, later)).toMatchObject({
      ok: true,
      changes: { status: 'remote_support', resolvedAt: null },
    });
    expect(REOPEN.to).toBe('remote_support');
  });

  it('reopening needs a reason, and only a resolved or closed ticket can be reopened', () => {
    expect(applyTicketCommand(ticket({ status: 'closed' }), { kind: 'reopen', reason: '   ' }, later)).toMatchObject({
      ok: false,
      error: 'reason_required',
    });
    for (const s of STATUSES.filter((x) => x !== 'closed' && x !== 'resolved')) {
      expect(applyTicketCommand(ticket({ status: s }), { kind: 'reopen', reason: '又坏了' }, later), s).toMatchObject({
        ok: false,
        error: 'invalid_transition',
      });
    }
    // Other commands on a closed ticket still say it is closed.
    expect(applyTicketCommand(ticket({ status: 'closed' }), { kind: 'override_severity', to: 'A', reason: 'x' }, later)).toMatchObject({
      ok: false,
      error: 'closed',
    });
  });

  it('every status has a way forward except closed', () => {
    for (const s of STATUSES) expect(TRANSITIONS[s].length > 0).toBe(s !== ('closed' as Status));
  });

  it('a loaner unit is recorded at the moment it is given, with or without an engineer sent, once; the reporter is told', () => {
    const open = ticket({ status: 'remote_support', respondedAt: t0 });
    expect(applyTicketCommand(open, { kind: 'loaner_delivered' }, later)).toEqual({
      ok: true,
      changes: { loanerDeliveredAt: later },
      event: { kind: 'loaner_delivered', data: {} },
      notices: ['loaner_delivered'],
    });
    expect(applyTicketCommand({ ...open, loanerDeliveredAt: t0 }, { kind: 'loaner_delivered' }, later)).toMatchObject({
      ok: false,
      error: 'unchanged',
    });
    expect(applyTicketCommand({ ...open, status: 'resolved', resolvedAt: t0 }, { kind: 'loaner_delivered' }, later)).toMatchObject({
      ok: false,
    });
    // The engineer's other steps still need an engineer sent.
    expect(applyTicketCommand(open, { kind: 'accept' }, later)).toMatchObject({ ok: false, error: 'not_dispatched' });
  });

  it('the engineer accepts a dispatch once; a new dispatch needs a new acceptance', () => {
    const dispatched = ticket({ status: 'on_site_dispatched', respondedAt: t0, engineerId: 'e1', engineerName: '陈工' });
    expect(applyTicketCommand(dispatched, { kind: 'accept' }, later)).toMatchObject({ ok: true, event: { kind: 'engineer_accepted' } });
    expect(applyTicketCommand({ ...dispatched, acceptedAt: t0 }, { kind: 'accept' }, later)).toMatchObject({
      ok: false,
      error: 'unchanged',
    });
    expect(applyTicketCommand({ ...dispatched, acceptedAt: null }, { kind: 'accept' }, later)).toMatchObject({ ok: true });
  });
});
