import { and, asc, eq, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import { inspectionNumber, inspectionSequence, type InspectionItem } from '../../domain/inspection.js';
import type { Inspection, InspectionAsset, InspectionFilters, InspectionsRepo, InspectionStatus } from '../../ports/inspections.js';
import type { Db } from '../database.js';
import { agents, assets, type InspectionItemRow, inspections, rooms, sites } from '../schema.js';

const columns = {
  id: inspections.id,
  number: inspections.number,
  siteId: inspections.siteId,
  siteName: sites.name,
  contractId: inspections.contractId,
  dueOn: inspections.dueOn,
  status: inspections.status,
  engineerId: inspections.engineerId,
  engineerName: agents.displayName,
  items: inspections.items,
  startedAt: inspections.startedAt,
  completedAt: inspections.completedAt,
  summary: inspections.summary,
  updatedAt: inspections.updatedAt,
};

/** How many taken numbers a planning skips before it gives up (another instance numbering at the same moment). */
const NUMBER_TRIES = 20;

/** Inspections (inspections), one per site and due date. */
export class DrizzleInspections implements InspectionsRepo {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .select(columns)
      .from(inspections)
      .innerJoin(sites, eq(sites.id, inspections.siteId))
      .leftJoin(agents, eq(agents.id, inspections.engineerId));
  }

  async plan(p: { siteId: string; contractId: string; dueOn: string; items: readonly InspectionItem[]; year: number }) {
    for (let i = 0; i < NUMBER_TRIES; i++) {
      const [taken] = await this.db
        .select({ id: inspections.id })
        .from(inspections)
        .where(and(eq(inspections.siteId, p.siteId), eq(inspections.dueOn, p.dueOn)));
      if (taken) return null;
      const [last] = await this.db
        .select({ number: inspections.number })
        .from(inspections)
        .where(like(inspections.number, `XJ-${p.year}-%`))
        .orderBy(sql`length(${inspections.number}) desc, ${inspections.number} desc`)
        .limit(1);
      const number = inspectionNumber(p.year, (last ? (inspectionSequence(last.number, p.year) ?? 0) : 0) + 1 + i);
      // Either unique index may stop it: the site's date (planned meanwhile) or the number (taken meanwhile).
      const [row] = await this.db
        .insert(inspections)
        .values({ number, siteId: p.siteId, contractId: p.contractId, dueOn: p.dueOn, items: p.items.map(writable) })
        .onConflictDoNothing()
        .returning({ id: inspections.id });
      if (row) return { id: row.id, number };
    }
    throw new Error(`no free inspection number for ${p.year} after ${NUMBER_TRIES} tries`);
  }

  async list(f: InspectionFilters): Promise<Inspection[]> {
    const where: SQL[] = [];
    if (f.siteId) where.push(eq(inspections.siteId, f.siteId));
    if (f.contractId) where.push(eq(inspections.contractId, f.contractId));
    if (f.status) where.push(eq(inspections.status, f.status));
    if (f.engineerId) where.push(eq(inspections.engineerId, f.engineerId));
    if (f.dueFrom) where.push(gte(inspections.dueOn, f.dueFrom));
    if (f.dueTo) where.push(lte(inspections.dueOn, f.dueTo));
    const rows = await this.select()
      .where(and(...where))
      .orderBy(asc(inspections.dueOn), asc(sites.name))
      .limit(f.limit ?? 200);
    return rows.map(read);
  }

  async get(id: string): Promise<Inspection | null> {
    const [row] = await this.select().where(eq(inspections.id, id));
    return row ? read(row) : null;
  }

  async byNumber(number: string): Promise<Inspection | null> {
    const [row] = await this.select().where(eq(inspections.number, number));
    return row ? read(row) : null;
  }

  async lock(id: string): Promise<Inspection | null> {
    const [locked] = await this.db.select({ id: inspections.id }).from(inspections).where(eq(inspections.id, id)).for('update');
    return locked ? this.get(id) : null;
  }

  async update(
    id: string,
    change: {
      status?: InspectionStatus;
      engineerId?: string | null;
      items?: readonly InspectionItem[];
      startedAt?: Date;
      completedAt?: Date;
      summary?: string | null;
    },
    at: Date,
  ): Promise<void> {
    const { items, ...rest } = change;
    await this.db
      .update(inspections)
      .set({ ...rest, ...(items ? { items: items.map(writable) } : {}), updatedAt: at })
      .where(eq(inspections.id, id));
  }

  async siteAssets(siteId: string): Promise<InspectionAsset[]> {
    return this.db
      .select({ id: assets.id, tag: assets.tag, kind: assets.kind, model: assets.model, room: rooms.name })
      .from(assets)
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(eq(assets.siteId, siteId))
      .orderBy(asc(rooms.name), asc(assets.tag));
  }
}

const writable = (i: InspectionItem): InspectionItemRow => ({ ...i, photos: [...i.photos] });

function read(row: Omit<Inspection, 'items'> & { items: InspectionItem[] }): Inspection {
  return row;
}
