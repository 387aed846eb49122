import { count, sql } from 'drizzle-orm';
import type { ContractSet } from '../catalog/contracts.js';
import { hashPassword } from '../app/password.js';
import { addDays, addMonths, formatLocalDate, localDateOf } from '../domain/calendar.js';
import type { Db } from './database.js';
import { agents, assets, contracts, organisations, rooms, sites } from './schema.js';

/** Copies the contract files into the contracts table (the files stay the source of truth). */
export async function syncContracts(db: Db, set: ContractSet): Promise<void> {
  for (const contract of set.values()) {
    await db
      .insert(contracts)
      .values({ id: contract.id, name: contract.name, definition: contract })
      .onConflictDoUpdate({ target: contracts.id, set: { name: contract.name, definition: contract, loadedAt: sql`now()` } });
  }
}

interface AssetSeed {
  tag: string;
  kind: string;
  model: string;
  room: string;
  acceptedMonthsAgo: number;
  replaced?: { part: string; daysAgo: number };
}

/** A made-up district and culture bureau: every name, tag and number here is invented. */
const DEMO = [
  {
    organisation: '示例区教育局',
    contract: 'GX-EDU',
    sites: [
      {
        name: '明湖小学',
        aliases: ['Minghu Primary School'],
        rooms: ['三年级二班', '五年级一班', '录播教室'],
        assets: [
          { tag: 'FX-PNL-0001', kind: 'interactive_panel', model: 'EduBoard 86', room: '三年级二班', acceptedMonthsAgo: 4 },
          { tag: 'FX-VIS-0001', kind: 'visualizer', model: 'DocCam V5', room: '三年级二班', acceptedMonthsAgo: 4 },
          {
            tag: 'FX-PNL-0002',
            kind: 'interactive_panel',
            model: 'EduBoard 75',
            room: '五年级一班',
            acceptedMonthsAgo: 14,
            replaced: { part: 'touch_frame', daysAgo: 30 },
          },
          { tag: 'FX-BRD-0001', kind: 'blackboard', model: 'SlideBoard 4', room: '五年级一班', acceptedMonthsAgo: 14 },
          { tag: 'FX-PNL-0003', kind: 'interactive_panel', model: 'EduBoard 86', room: '录播教室', acceptedMonthsAgo: 26 },
        ],
      },
      {
        name: '东山中学',
        aliases: ['Dongshan Middle School'],
        rooms: ['初一（3）班', '物理实验室'],
        assets: [
          { tag: 'FX-PNL-0101', kind: 'interactive_panel', model: 'EduBoard 86', room: '初一（3）班', acceptedMonthsAgo: 11 },
          { tag: 'FX-PC-0101', kind: 'computer', model: 'ClassPC i5', room: '物理实验室', acceptedMonthsAgo: 2 },
        ],
      },
    ],
  },
  {
    organisation: '示例市文化和旅游局',
    contract: 'CG-CULTURE',
    sites: [
      {
        name: '示例市文化馆',
        aliases: ['City Cultural Centre', 'City Cultural Center'],
        rooms: ['一楼大厅', '机房'],
        assets: [
          { tag: 'FX-KSK-0001', kind: 'terminal', model: 'InfoKiosk 43', room: '一楼大厅', acceptedMonthsAgo: 20 },
          { tag: 'FX-SRV-0001', kind: 'server', model: 'Rack 2U', room: '机房', acceptedMonthsAgo: 40 },
          { tag: 'FX-APP-0001', kind: 'platform_software', model: 'Culture Cloud', room: '机房', acceptedMonthsAgo: 40 },
        ],
      },
    ],
  },
] as const satisfies readonly {
  organisation: string;
  contract: string;
  sites: readonly { name: string; aliases: readonly string[]; rooms: readonly string[]; assets: readonly AssetSeed[] }[];
}[];

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
 * Seeds the demo data on an empty database (no sites yet): both contracts' customers, schools,
 * rooms and assets of several ages (dates relative to `now`).
 */
export async function seedDemo(db: Db, now: Date): Promise<SeedResult> {
  const [existing] = await db.select({ n: count() }).from(sites);
  if ((existing?.n ?? 0) > 0) return { seeded: false };
  const today = localDateOf(now, 'Asia/Shanghai');
  await db.transaction(async (tx) => {
    for (const org of DEMO) {
      const [o] = await tx.insert(organisations).values({ name: org.organisation }).returning();
      if (!o) throw new Error(`the demo organisation ${org.organisation} was not stored`);
      for (const s of org.sites) {
        const [site] = await tx
          .insert(sites)
          .values({ organisationId: o.id, name: s.name, aliases: [...s.aliases], contractId: org.contract })
          .returning();
        if (!site) throw new Error(`the demo site ${s.name} was not stored`);
        const roomIds = new Map<string, string>();
        for (const name of s.rooms) {
          const [room] = await tx
            .insert(rooms)
            .values({ siteId: site.id, name, aliases: [...(ROOM_ALIASES[name] ?? [])] })
            .returning();
          if (!room) throw new Error(`the demo room ${name} was not stored`);
          roomIds.set(name, room.id);
        }
        for (const a of s.assets as readonly AssetSeed[]) {
          await tx.insert(assets).values({
            tag: a.tag,
            kind: a.kind,
            model: a.model,
            serial: `SN-${a.tag.slice(3)}`,
            siteId: site.id,
            roomId: roomIds.get(a.room) ?? null,
            contractId: org.contract,
            acceptedAt: formatLocalDate(addMonths(today, -a.acceptedMonthsAgo)),
            replacedParts: a.replaced ? [{ part: a.replaced.part, replacedAt: formatLocalDate(addDays(today, -a.replaced.daysAgo)) }] : [],
          });
        }
      }
    }
  });
  return { seeded: true };
}
