import { and, asc, countDistinct, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Agent, AgentFieldsChange, AgentsRepo, Role } from '../../ports/console-store.js';
import { isLang, type Lang } from '../../domain/i18n.js';
import type { Db } from '../database.js';
import { agents, agentSessions } from '../schema.js';
import { isUuid } from './places.js';

export function toAgent(row: typeof agents.$inferSelect): Agent {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    lang: isLang(row.lang) ? row.lang : 'zh-CN',
    active: row.active,
  };
}

export class DrizzleAgents implements AgentsRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<Agent[]> {
    return (await this.db.select().from(agents).orderBy(asc(agents.username))).map(toAgent);
  }

  async get(id: string): Promise<Agent | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row ? toAgent(row) : null;
  }

  async byUsername(username: string): Promise<(Agent & { passwordHash: string }) | null> {
    const [row] = await this.db
      .select()
      .from(agents)
      .where(sql`lower(${agents.username}) = lower(${username})`);
    return row ? { ...toAgent(row), passwordHash: row.passwordHash } : null;
  }

  async create(agent: { username: string; displayName: string; role: Role; lang: Lang; passwordHash: string }): Promise<Agent | null> {
    const rows = await this.db.insert(agents).values(agent).onConflictDoNothing().returning();
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async update(id: string, change: AgentFieldsChange): Promise<Agent | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.update(agents).set(change).where(eq(agents.id, id)).returning();
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async online(since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: countDistinct(agentSessions.agentId) })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(
        and(
          isNull(agentSessions.endedAt),
          gt(agentSessions.lastSeenAt, since),
          gt(agentSessions.expiresAt, since),
          eq(agents.active, true),
          sql`${agents.role} <> 'engineer'`,
        ),
      );
    return row?.n ?? 0;
  }
}
