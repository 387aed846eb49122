import { z } from 'zod';
import type { Agent } from '../ports/console-store.js';
import type { DutyShift, MajorEvent } from '../ports/operations.js';
import type { Store } from '../ports/store.js';
import { Invalid, NotFound, requirePermission } from './permissions.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest shift: a week (longer ones are split, so that "who is on duty" stays readable). */
export const MAX_SHIFT_MS = 7 * DAY;
/** The longest event: a month (an event makes every fault at its sites A; a standing one would end the scale). */
export const MAX_EVENT_MS = 31 * DAY;
/** The widest range one list answers. */
const MAX_RANGE_MS = 120 * DAY;
const MAX_NAME = 60;

const When = z.iso.datetime({ offset: true, error: 'times are ISO 8601 with an offset' }).transform((s) => new Date(s));

export const NewShift = z.strictObject({
  agentId: z.string().min(1).max(40),
  startsAt: When,
  endsAt: When,
  note: z.string().trim().max(200, 'a note is at most 200 characters').nullish(),
});
export type NewShift = z.infer<typeof NewShift>;

export const NewEvent = z.strictObject({
  name: z.string().max(200),
  siteId: z.string().min(1).max(40).nullable(),
  startsAt: When,
  endsAt: When,
});
export type NewEvent = z.infer<typeof NewEvent>;

/** A list's range (query parameters); either end may be left out. */
export const Range = z.object({ from: When.optional(), to: When.optional() });
export type Range = z.infer<typeof Range>;

/** Where an event stands at a moment: cancelled, in force, still to come, or over. */
export type EventState = 'cancelled' | 'current' | 'upcoming' | 'past';

export function eventState(event: Pick<MajorEvent, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: Date): EventState {
  if (event.cancelledAt) return 'cancelled';
  if (event.endsAt <= now) return 'past';
  return event.startsAt <= now ? 'current' : 'upcoming';
}

export interface RosterView {
  readonly shifts: readonly DutyShift[];
  /** Who is on duty now (their shift covers this moment), active accounts only. */
  readonly onDuty: readonly Pick<Agent, 'id' | 'displayName' | 'role'>[];
  readonly serverTime: Date;
}

export type EventView = MajorEvent & { readonly state: EventState };

/**
 * The on-duty roster and the declared major events (CG-CULTURE 4.5.3; GX-EDU 5.14): everyone signed
 * in reads them; coordinators, supervisors and admins ('roster.manage') change them, each change in
 * the audit log. During an event a new fault at its sites is severity A (see actions/tickets.ts).
 */
export class RosterService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /** Shifts overlapping the range (default: the next 7 days), and who is on duty now. */
  async roster(agent: Agent, range: Range): Promise<RosterView> {
    requirePermission(agent, 'tickets.view');
    const now = this.clock();
    const { from, to } = checkRange(range, now, new Date(now.getTime() + 7 * DAY));
    const [shifts, onDuty] = await Promise.all([this.store.read.roster.shifts(from, to), this.store.read.roster.onDuty(now)]);
    return { shifts, onDuty: onDuty.map((a) => ({ id: a.id, displayName: a.displayName, role: a.role })), serverTime: now };
  }

  async addShift(agent: Agent, input: NewShift): Promise<DutyShift> {
    requirePermission(agent, 'roster.manage');
    checkSpan(input.startsAt, input.endsAt, 'shift', MAX_SHIFT_MS, 'the shift is longer than 7 days: enter it as shorter shifts');
    const note = input.note?.trim() ? input.note.trim() : null;
    const now = this.clock();
    return this.store.transaction(async (r) => {
      const staff = await r.console.agents.get(input.agentId);
      if (!staff) throw new Invalid('unknown_agent', 'no such staff account');
      if (!staff.active) throw new Invalid('inactive_agent', `${staff.displayName}'s account is deactivated`);
      const shift = await r.roster.addShift({
        agentId: staff.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        note,
        createdBy: agent.id,
      });
      await r.console.audit.record({
        actorId: agent.id,
        action: 'shift_added',
        subject: `shift:${shift.id}`,
        data: { agentId: staff.id, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString(), note },
        at: now,
      });
      return shift;
    });
  }

  async removeShift(agent: Agent, id: string): Promise<void> {
    requirePermission(agent, 'roster.manage');
    const now = this.clock();
    await this.store.transaction(async (r) => {
      if (!(await r.roster.removeShift(id))) throw new NotFound('no such shift');
      await r.console.audit.record({ actorId: agent.id, action: 'shift_removed', subject: `shift:${id}`, data: {}, at: now });
    });
  }

  /** Events overlapping the range (default: the past week and the next 90 days), cancelled ones too. */
  async events(agent: Agent, range: Range): Promise<{ events: EventView[]; serverTime: Date }> {
    requirePermission(agent, 'tickets.view');
    const now = this.clock();
    const { from, to } = checkRange(range, new Date(now.getTime() - 7 * DAY), new Date(now.getTime() + 90 * DAY));
    const events = await this.store.read.roster.events(from, to);
    return { events: events.map((e) => ({ ...e, state: eventState(e, now) })), serverTime: now };
  }

  async declareEvent(agent: Agent, input: NewEvent): Promise<EventView> {
    requirePermission(agent, 'roster.manage');
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 1 || name.length > MAX_NAME) throw new Invalid('invalid_name', `an event's name is 1–${MAX_NAME} characters`);
    checkSpan(input.startsAt, input.endsAt, 'event', MAX_EVENT_MS, 'the event is longer than 31 days');
    const now = this.clock();
    if (input.endsAt <= now) throw new Invalid('event_over', 'the event has already ended');
    if (input.siteId !== null) {
      const sites = await this.store.read.places.listSites();
      if (!sites.some((s) => s.id === input.siteId)) throw new Invalid('unknown_site', 'no such school or venue');
    }
    return this.store.transaction(async (r) => {
      const event = await r.roster.declareEvent({
        name,
        siteId: input.siteId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        createdBy: agent.id,
      });
      await r.console.audit.record({
        actorId: agent.id,
        action: 'event_declared',
        subject: `event:${event.id}`,
        data: { name, siteId: event.siteId, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() },
        at: now,
      });
      return { ...event, state: eventState(event, now) };
    });
  }

  async cancelEvent(agent: Agent, id: string): Promise<void> {
    requirePermission(agent, 'roster.manage');
    const now = this.clock();
    await this.store.transaction(async (r) => {
      if (!(await r.roster.cancelEvent(id, now))) throw new NotFound('no such event, or it is cancelled already');
      await r.console.audit.record({ actorId: agent.id, action: 'event_cancelled', subject: `event:${id}`, data: {}, at: now });
    });
  }
}

function checkSpan(startsAt: Date, endsAt: Date, what: 'shift' | 'event', max: number, tooLong: string): void {
  if (endsAt <= startsAt) throw new Invalid('ends_before_start', `the ${what} ends before it starts`);
  if (endsAt.getTime() - startsAt.getTime() > max) throw new Invalid(`${what}_too_long`, tooLong);
}

/** A list's range: the defaults for an end left out; at most MAX_RANGE_MS. */
function checkRange(range: Range, defaultFrom: Date, defaultTo: Date): { from: Date; to: Date } {
  const from = range.from ?? defaultFrom;
  const to = range.to ?? (defaultTo > from ? defaultTo : new Date(from.getTime() + 7 * DAY));
  if (to <= from) throw new Invalid('invalid_range', '"to" must be after "from"');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new Invalid('invalid_range', 'a range is at most 120 days');
  return { from, to };
}
