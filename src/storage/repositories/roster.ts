import { and, asc, eq, gt, isNull, lt, lte, or } from 'drizzle-orm';
import type { Agent } from '../../ports/console-store.js';
import type { DutyShift, MajorEvent, RosterRepo } from '../../ports/operations.js';
import type { Db } from '../database.js';
import { agents, dutyShifts, majorEvents, sites } from '../schema.js';
import { firstRow } from '../rows.js';
import { toAgent } from './agents.js';
import { isUuid } from './places.js';

function toShift(r: { s: typeof dutyShifts.$inferSelect; name: string; role: Agent['role'] }): DutyShift {
  return { id: r.s.id, agentId: r.s.agentId, agentName: r.name, role: r.role, startsAt: r.s.startsAt, endsAt: r.s.endsAt, note: r.s.note };
}

function toEvent(r: { e: typeof majorEvents.$inferSelect; siteName: string | null }): MajorEvent {
  const e = r.e;
  return {
    id: e.id,
    name: e.name,
    siteId: e.siteId,
    siteName: r.siteName,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    cancelledAt: e.cancelledAt,
  };
}

/** The on-duty roster and the declared major events. */
export class DrizzleRoster implements RosterRepo {
  constructor(private readonly db: Db) {}

  private selectShifts() {
    return this.db
      .select({ s: dutyShifts, name: agents.displayName, role: agents.role })
      .from(dutyShifts)
      .innerJoin(agents, eq(agents.id, dutyShifts.agentId));
  }

  async shifts(from: Date, to: Date): Promise<DutyShift[]> {
    const rows = await this.selectShifts()
      .where(and(lt(dutyShifts.startsAt, to), gt(dutyShifts.endsAt, from)))
      .orderBy(asc(dutyShifts.startsAt), asc(agents.displayName));
    return rows.map(toShift);
  }

  async addShift(shift: { agentId: string; startsAt: Date; endsAt: Date; note: string | null; createdBy: string }): Promise<DutyShift> {
    const [row] = await this.db.insert(dutyShifts).values(shift).returning({ id: dutyShifts.id });
    const id = firstRow(row ? [row] : [], 'An insert of a shift returns its row.').id;
    const [read] = await this.selectShifts().where(eq(dutyShifts.id, id));
    return toShift(firstRow(read ? [read] : [], 'A shift just inserted can be read back.'));
  }

  async removeShift(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db.delete(dutyShifts).where(eq(dutyShifts.id, id)).returning({ id: dutyShifts.id });
    return rows.length > 0;
  }

  async onDuty(at: Date): Promise<Agent[]> {
    const rows = await this.db
      .selectDistinct({ a: agents })
      .from(dutyShifts)
      .innerJoin(agents, eq(agents.id, dutyShifts.agentId))
      .where(and(lte(dutyShifts.startsAt, at), gt(dutyShifts.endsAt, at), eq(agents.active, true)));
    return rows.map((r) => toAgent(r.a)).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  private selectEvents() {
    return this.db.select({ e: majorEvents, siteName: sites.name }).from(majorEvents).leftJoin(sites, eq(sites.id, majorEvents.siteId));
  }

  async events(from: Date, to: Date): Promise<MajorEvent[]> {
    const rows = await this.selectEvents()
      .where(and(lt(majorEvents.startsAt, to), gt(majorEvents.endsAt, from)))
      .orderBy(asc(majorEvents.startsAt), asc(majorEvents.createdAt));
    return rows.map(toEvent);
  }

  async declareEvent(event: { name: string; siteId: string | null; startsAt: Date; endsAt: Date; createdBy: string }): Promise<MajorEvent> {
    const [row] = await this.db.insert(majorEvents).values(event).returning({ id: majorEvents.id });
    const id = firstRow(row ? [row] : [], 'An insert of an event returns its row.').id;
    const [read] = await this.selectEvents().where(eq(majorEvents.id, id));
    return toEvent(firstRow(read ? [read] : [], 'An event just inserted can be read back.'));
  }

  async cancelEvent(id: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db
      .update(majorEvents)
      .set({ cancelledAt: at })
      .where(and(eq(majorEvents.id, id), isNull(majorEvents.cancelledAt)))
      .returning({ id: majorEvents.id });
    return rows.length > 0;
  }

  async activeEvent(siteId: string | null, at: Date): Promise<MajorEvent | null> {
    const where = siteId && isUuid(siteId) ? or(isNull(majorEvents.siteId), eq(majorEvents.siteId, siteId)) : isNull(majorEvents.siteId);
    const [row] = await this.selectEvents()
      .where(and(isNull(majorEvents.cancelledAt), lte(majorEvents.startsAt, at), gt(majorEvents.endsAt, at), where))
      .orderBy(asc(majorEvents.createdAt))
      .limit(1);
    return row ? toEvent(row) : null;
  }
}
