import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Register } from '../../domain/asset-import/plan.js';
import type { AssetImportRepo, ImportedAsset, ImportedChange, ImportRecord } from '../../ports/asset-import.js';
import type { Db } from '../database.js';
import { rowsOf } from '../rows.js';
import { agents, assetImports, assets, organisations, rooms, sites } from '../schema.js';

/** The advisory lock that makes imports take turns (across instances): two cannot give out the same tag or create the same school. */
const IMPORT_LOCK = 0x66_78_69_6d; // "fxim"
/** Rows per statement (sites and rooms: parameters, well under PostgreSQL's 65,535; assets and changes: one JSON parameter). */
const CHUNK = 2000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class DrizzleAssetImport implements AssetImportRepo {
  constructor(private readonly db: Db) {}

  async register(): Promise<Register> {
    const [siteRows, roomRows, assetRows] = await Promise.all([
      this.db
        .select({ id: sites.id, name: sites.name, aliases: sites.aliases, contractId: sites.contractId })
        .from(sites)
        .orderBy(asc(sites.name)),
      this.db.select({ id: rooms.id, siteId: rooms.siteId, name: rooms.name, aliases: rooms.aliases }).from(rooms).orderBy(asc(rooms.name)),
      this.db
        .select({
          id: assets.id,
          tag: assets.tag,
          serial: assets.serial,
          kind: assets.kind,
          model: assets.model,
          siteId: assets.siteId,
          roomId: assets.roomId,
          contractId: assets.contractId,
          acceptedOn: assets.acceptedAt,
          warrantyMonths: assets.warrantyMonths,
          retiredOn: sql<string | null>`to_char(${assets.retiredAt}, 'YYYY-MM-DD')`,
        })
        .from(assets)
        .orderBy(asc(assets.createdAt), asc(assets.tag)),
    ]);
    return { sites: siteRows, rooms: roomRows, assets: assetRows };
  }

  async lock(): Promise<void> {
    await this.db.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
  }

  async organisationsFor(contractIds: readonly string[], nameOf: (contractId: string) => string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (contractIds.length === 0) return found;
    const used = await this.db
      .selectDistinctOn([sites.contractId], { contractId: sites.contractId, organisationId: sites.organisationId })
      .from(sites)
      .where(inArray(sites.contractId, [...contractIds]))
      .orderBy(asc(sites.contractId), asc(sites.createdAt));
    for (const row of used) found.set(row.contractId, row.organisationId);
    const missing = contractIds.filter((c) => !found.has(c));
    if (missing.length === 0) return found;
    const [oldest] = await this.db.select({ id: organisations.id }).from(organisations).orderBy(asc(organisations.createdAt)).limit(1);
    for (const contractId of missing) {
      if (oldest) found.set(contractId, oldest.id);
      else {
        const [created] = await this.db
          .insert(organisations)
          .values({ name: nameOf(contractId) })
          .returning({ id: organisations.id });
        if (!created) throw new Error('the organisation was not stored');
        found.set(contractId, created.id);
      }
    }
    return found;
  }

  async createSites(list: readonly { organisationId: string; name: string; contractId: string }[], now: Date): Promise<string[]> {
    const ids = new Map<string, string>();
    for (const part of chunks(list)) {
      const rows = await this.db
        .insert(sites)
        .values(part.map((s) => ({ ...s, aliases: [], createdAt: now })))
        .returning({ id: sites.id, organisationId: sites.organisationId, name: sites.name });
      for (const row of rows) ids.set(`${row.organisationId}/${row.name}`, row.id);
    }
    return list.map((s) => ids.get(`${s.organisationId}/${s.name}`) ?? fail(`site ${s.name}`));
  }

  async createRooms(list: readonly { siteId: string; name: string }[], now: Date): Promise<string[]> {
    const ids = new Map<string, string>();
    for (const part of chunks(list)) {
      const rows = await this.db
        .insert(rooms)
        .values(part.map((r) => ({ ...r, aliases: [], createdAt: now })))
        .returning({ id: rooms.id, siteId: rooms.siteId, name: rooms.name });
      for (const row of rows) ids.set(`${row.siteId}/${row.name}`, row.id);
    }
    return list.map((r) => ids.get(`${r.siteId}/${r.name}`) ?? fail(`room ${r.name}`));
  }

  async createAssets(list: readonly ImportedAsset[], now: Date): Promise<string[]> {
    const ids = new Map<string, string>();
    for (const part of chunks(list)) {
      const rows = await this.db.execute(sql`
        insert into assets (tag, serial, kind, model, site_id, room_id, contract_id, accepted_at, warranty_months, created_at, updated_at)
        select tag, serial, kind, model, "siteId", "roomId", "contractId", "acceptedOn", "warrantyMonths", ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
          as x(tag text, serial text, kind text, model text, "siteId" uuid, "roomId" uuid, "contractId" text, "acceptedOn" date, "warrantyMonths" integer)
        returning id, tag`);
      for (const row of rowsOf<{ id: string; tag: string }>(rows)) ids.set(row.tag.toUpperCase(), row.id);
    }
    return list.map((a) => ids.get(a.tag.toUpperCase()) ?? fail(`asset ${a.tag}`));
  }

  async updateAssets(list: readonly (ImportedAsset & { readonly id: string })[], now: Date): Promise<void> {
    for (const part of chunks(list)) {
      await this.db.execute(sql`
        update assets set serial = x.serial, kind = x.kind, model = x.model, site_id = x."siteId", room_id = x."roomId",
          contract_id = x."contractId", accepted_at = x."acceptedOn", warranty_months = x."warrantyMonths",
          retired_at = null, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
          as x(id uuid, serial text, kind text, model text, "siteId" uuid, "roomId" uuid, "contractId" text, "acceptedOn" date, "warrantyMonths" integer)
        where assets.id = x.id`);
    }
  }

  async recordImport(
    record: Omit<ImportRecord, 'id' | 'at' | 'agentName'> & { agentId: string | null; sitesCreated: number; roomsCreated: number },
    now: Date,
  ): Promise<string> {
    const [row] = await this.db
      .insert(assetImports)
      .values({ ...record, createdAt: now })
      .returning({ id: assetImports.id });
    return row?.id ?? fail('import');
  }

  async logChanges(importId: string, agentId: string | null, changes: readonly ImportedChange[], now: Date): Promise<void> {
    for (const part of chunks(changes)) {
      await this.db.execute(sql`
        insert into asset_changes (asset_id, action, changes, agent_id, import_id, at)
        select "assetId", action, changes, ${agentId}::uuid, ${importId}::uuid, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as x("assetId" uuid, action text, changes jsonb)`);
    }
  }

  async recentImports(limit: number): Promise<ImportRecord[]> {
    const rows = await this.db
      .select({
        id: assetImports.id,
        at: assetImports.createdAt,
        agentName: agents.displayName,
        fileName: assetImports.fileName,
        rows: assetImports.rows,
        created: assetImports.created,
        updated: assetImports.updated,
        unchanged: assetImports.unchanged,
      })
      .from(assetImports)
      .leftJoin(agents, eq(agents.id, assetImports.agentId))
      .orderBy(desc(assetImports.createdAt), desc(assetImports.id))
      .limit(limit);
    return rows;
  }
}

function fail(what: string): never {
  throw new Error(`the imported ${what} was not stored`);
}
