import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { applyImport, type ImportCatalog } from '../app/asset-import/apply.js';
import { DEMO_DIR } from '../paths.js';
import type { ContractSet } from '../catalog/contracts.js';
import { hashPassword } from '../app/password.js';
import { addDays, addMonths, formatLocalDate, type LocalDate, localDateOf } from '../domain/calendar.js';
import type { Db } from './database.js';
import { agents, assets, contracts, organisations, rooms, sites } from './schema.js';
import { repos } from './store.js';

/** Copies the contract files into the contracts table (the files stay the source of truth). */
export async function syncContracts(db: Db, set: ContractSet): Promise<void> {
  for (const contract of set.values()) {
    await db
      .insert(contracts)
      .values({ id: contract.id, name: contract.name, definition: contract })
      .onConflictDoUpdate({ target: contracts.id, set: { name: contract.name, definition: contract, loadedAt: sql`now()` } });
  }
}

/**
 * A made-up district and culture bureau: every name, tag and number here and in the equipment list
 * (seed/demo-equipment.csv) is invented. Their schools and venues, with the English names teachers
 * type; the rooms and devices come from the list, imported as a customer's list is.
 */
const DEMO = [
  {
    organisation: '示例区教育局',
    contract: 'GX-EDU',
    sites: [
      { name: '明湖小学', aliases: ['Minghu Primary School'] },
      { name: '东山中学', aliases: ['Dongshan Middle School'] },
    ],
  },
  {
    organisation: '示例市文化和旅游局',
    contract: 'CG-CULTURE',
    sites: [{ name: '示例市文化馆', aliases: ['City Cultural Centre', 'City Cultural Center'] }],
  },
] as const;

/** The equipment list's dates are as of this day; the seed moves them so that they are as old on `now`'s day. */
const LIST_AS_OF = { year: 2026, month: 1, day: 15 };

/** A touch frame replaced a month ago: the 90-day rule (GX-EDU 5.21.2) covers it again. */
const REPLACED = { tag: 'FX-PNL-0002', part: 'touch_frame', daysAgo: 30 };

/** The demo rooms' English names, made up like the rest, so that an English teacher can type them. */
const ROOM_ALIASES: Readonly<Record<string, readonly string[]>> = {
  三年级二班: ['Grade 3 Class 2', 'Room 302'],
  五年级一班: ['Grade 5 Class 1', 'Room 501'],
  录播教室: ['Recording Studio', 'Recording Room'],
  '初一（3）班': ['Grade 7 Class 3', 'Room 703'],
  物理实验室: ['Physics Lab', 'Physics Laboratory'],
  一楼大厅: ['Main Hall', 'Ground Floor Hall', 'Lobby'],
  机房: ['Server Room', 'Machine Room'],
};

export interface SeedResult {
  readonly seeded: boolean;
}

/**
 * The first agent: on a database without any, an `admin` with the given password, or a generated
 * one returned to be shown once (only its hash is stored). Instances starting together create
 * one admin between them; only the one that created it returns the password.
 */
export async function ensureAdmin(db: Db, admin: { password?: string; generate: () => string }): Promise<{ generatedPassword?: string }> {
  const [agentCount] = await db.select({ n: count() }).from(agents);
  if ((agentCount?.n ?? 0) > 0) return {};
  const password = admin.password ?? admin.generate();
  const created = await db
    .insert(agents)
    .values({ username: 'admin', displayName: '管理员', role: 'admin', passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: agents.id });
  return created.length > 0 && !admin.password ? { generatedPassword: password } : {};
}

/**
 * Seeds the demo data on an empty database (no sites yet), in one transaction that concurrent
 * starts take in turn: both contracts' customers and their schools, then the rooms and devices of
 * seed/demo-equipment.csv through the import a customer's list goes through (applyImport), its
 * acceptance dates moved to be as old on `now`'s day as on the list's, and a replaced part.
 */
export async function seedDemo(db: Db, catalog: ImportCatalog, now: Date): Promise<SeedResult> {
  const today = localDateOf(now, catalog.desk.desk.timeZone);
  const list = aged(await readFile(path.join(DEMO_DIR, 'demo-equipment.csv'), 'utf8'), today);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [existing] = await tx.select({ n: count() }).from(sites);
    if ((existing?.n ?? 0) > 0) return { seeded: false };
    for (const org of DEMO) {
      const [o] = await tx.insert(organisations).values({ name: org.organisation }).returning();
      if (!o) throw new Error(`the demo organisation ${org.organisation} was not stored`);
      for (const s of org.sites) {
        await tx.insert(sites).values({ organisationId: o.id, name: s.name, aliases: [...s.aliases], contractId: org.contract });
      }
    }
    // The import writes in this transaction: the seed is all there, or none of it.
    const inside = repos(tx);
    const imported = await applyImport({ read: inside, transaction: (work) => work(inside) }, catalog, {
      file: { name: 'demo-equipment.csv', bytes: new TextEncoder().encode(list) },
      agentId: null,
      now,
      dryRun: false,
    });
    if (!imported.applied) throw new Error(`the demo equipment list did not import: ${JSON.stringify(imported.problems)}`);
    for (const [name, aliases] of Object.entries(ROOM_ALIASES)) {
      await tx
        .update(rooms)
        .set({ aliases: [...aliases] })
        .where(eq(rooms.name, name));
    }
    const replacedAt = formatLocalDate(addDays(today, -REPLACED.daysAgo));
    await tx
      .update(assets)
      .set({ replacedParts: [{ part: REPLACED.part, replacedAt }] })
      .where(eq(assets.tag, REPLACED.tag));
    return { seeded: true };
  });
}

/** Any number that keeps two seeding instances in turn (pg_advisory_xact_lock). */
const SEED_LOCK = 0x5eed;

/** The list with each acceptance date ("YYYY-MM-DD") as many months before `today` as it was before LIST_AS_OF. */
export function aged(list: string, today: LocalDate): string {
  return list.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_whole, y: string, m: string) => {
    const monthsBefore = (LIST_AS_OF.year - Number(y)) * 12 + (LIST_AS_OF.month - Number(m));
    return formatLocalDate(addMonths(today, -monthsBefore));
  });
}
