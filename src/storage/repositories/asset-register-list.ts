import { and, asc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AssetListFilter, AssetPage, RegisterAsset } from '../../ports/asset-register.js';
import type { Db } from '../database.js';
import { assets, rooms, sites } from '../schema.js';
import { isUuid } from './places.js';

export const assetRoom = alias(rooms, 'asset_room');

/** The columns of an asset as the register shows it (its school and room by name). */
export const registerColumns = {
  id: assets.id,
  tag: assets.tag,
  kind: assets.kind,
  model: assets.model,
  serial: assets.serial,
  siteId: sites.id,
  siteName: sites.name,
  roomId: assetRoom.id,
  roomName: assetRoom.name,
  contractId: assets.contractId,
  acceptedOn: assets.acceptedAt,
  warrantyMonths: assets.warrantyMonths,
  retiredAt: assets.retiredAt,
};

export interface RegisterRow {
  id: string;
  tag: string;
  kind: string;
  model: string | null;
  serial: string | null;
  siteId: string;
  siteName: string;
  roomId: string | null;
  roomName: string | null;
  contractId: string;
  acceptedOn: string;
  warrantyMonths: number | null;
  retiredAt: Date | null;
}

export function registerAsset(r: RegisterRow): RegisterAsset {
  return {
    id: r.id,
    tag: r.tag,
    kind: r.kind,
    model: r.model,
    serial: r.serial,
    site: { id: r.siteId, name: r.siteName },
    room: r.roomId && r.roomName !== null ? { id: r.roomId, name: r.roomName } : null,
    contractId: r.contractId,
    acceptedOn: r.acceptedOn,
    warrantyMonths: r.warrantyMonths,
    retiredAt: r.retiredAt,
  };
}

/** A LIKE pattern finding the words anywhere, their % _ and \ taken literally. */
export function containsPattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The first day an asset is no longer covered: acceptance plus its months, or its contract's. */
function warrantyEnd(contractMonths: Readonly<Record<string, number>>): SQL {
  const entries = Object.entries(contractMonths);
  const byContract = entries.length
    ? sql`case ${sql.join(
        entries.map(([id, months]) => sql`when ${assets.contractId} = ${id} then ${months}::int`),
        sql` `,
      )} end`
    : sql`null::int`;
  return sql`(${assets.acceptedAt} + make_interval(months => coalesce(${assets.warrantyMonths}, ${byContract})))::date`;
}

interface Cursor {
  readonly tag: string;
  readonly id: string;
  /** The warranty end, on the expiry list. */
  readonly ends?: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor this list wrote, or null (anything else starts from the top). */
function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { tag, id, ends } = value as Record<string, unknown>;
    if (typeof tag !== 'string' || typeof id !== 'string' || !isUuid(id)) return null;
    if (ends !== undefined && (typeof ends !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(ends))) return null;
    return ends === undefined ? { tag, id } : { tag, id, ends };
  } catch {
    return null;
  }
}

function conditions(filter: AssetListFilter, ends: SQL | null): SQL[] {
  const where: SQL[] = [];
  const status = filter.status ?? 'active';
  if (status === 'active') where.push(isNull(assets.retiredAt));
  if (status === 'retired') where.push(isNotNull(assets.retiredAt));
  if (filter.siteId) where.push(eq(assets.siteId, filter.siteId));
  if (filter.roomId) where.push(eq(assets.roomId, filter.roomId));
  if (filter.kind) where.push(eq(assets.kind, filter.kind));
  const q = filter.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    const found = or(
      ilike(assets.tag, pattern),
      ilike(assets.serial, pattern),
      ilike(assets.model, pattern),
      ilike(sites.name, pattern),
      ilike(assetRoom.name, pattern),
    );
    if (found) where.push(found);
  }
  if (ends && filter.warrantyWithin) {
    const { today, days } = filter.warrantyWithin;
    where.push(sql`${ends} > ${today}::date`, sql`${ends} <= ${today}::date + ${days}::int`);
  }
  return where;
}

/** One page of the register (see AssetRegisterRepo.list). */
export async function listRegister(db: Db, filter: AssetListFilter): Promise<AssetPage> {
  const ends = filter.warrantyWithin ? warrantyEnd(filter.warrantyWithin.contractMonths) : null;
  const where = conditions(filter, ends);
  const cursor = decodeCursor(filter.after);
  const page = [...where];
  if (cursor && ends && cursor.ends)
    page.push(sql`(${ends}, ${assets.tag}, ${assets.id}) > (${cursor.ends}::date, ${cursor.tag}, ${cursor.id}::uuid)`);
  else if (cursor && !ends) page.push(sql`(${assets.tag}, ${assets.id}) > (${cursor.tag}, ${cursor.id}::uuid)`);
  const rows = await db
    .select({ ...registerColumns, ends: ends ? sql<string>`${ends}::text` : sql<null>`null` })
    .from(assets)
    .innerJoin(sites, eq(sites.id, assets.siteId))
    .leftJoin(assetRoom, eq(assetRoom.id, assets.roomId))
    .where(and(...page))
    .orderBy(...(ends ? [asc(ends), asc(assets.tag), asc(assets.id)] : [asc(assets.tag), asc(assets.id)]))
    .limit(filter.limit + 1);
  const [counted] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(assets)
    .innerJoin(sites, eq(sites.id, assets.siteId))
    .leftJoin(assetRoom, eq(assetRoom.id, assets.roomId))
    .where(and(...where));
  const shown = rows.slice(0, filter.limit);
  const last = shown[shown.length - 1];
  const next =
    rows.length > filter.limit && last ? encodeCursor({ tag: last.tag, id: last.id, ...(last.ends ? { ends: last.ends } : {}) }) : null;
  return { assets: shown.map(registerAsset), next, total: counted?.total ?? 0 };
}
