import { and, eq, isNull } from 'drizzle-orm';
import type { AuditRepo, SessionRecord, SessionsRepo } from '../../ports/console-store.js';
import type { Db } from '../database.js';
import { agentSessions, auditLog } from '../schema.js';

export class DrizzleSessions implements SessionsRepo {
  constructor(private readonly db: Db) {}

  async create(s: {
    idHash: string;
    agentId: string;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    address: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.db.insert(agentSessions).values({
      idHash: s.idHash,
      agentId: s.agentId,
      csrfToken: s.csrfToken,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      address: s.address,
      userAgent: s.userAgent?.slice(0, 300) ?? null,
    });
  }

  async get(idHash: string): Promise<SessionRecord | null> {
    const [row] = await this.db
      .select()
      .from(agentSessions)
      .where(and(eq(agentSessions.idHash, idHash), isNull(agentSessions.endedAt)));
    return row
      ? { agentId: row.agentId, csrfToken: row.csrfToken, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt }
      : null;
  }

  async touch(idHash: string, now: Date): Promise<void> {
    await this.db.update(agentSessions).set({ lastSeenAt: now }).where(eq(agentSessions.idHash, idHash));
  }

  async end(idHash: string, now: Date): Promise<void> {
    await this.db
      .update(agentSessions)
      .set({ endedAt: now })
      .where(and(eq(agentSessions.idHash, idHash), isNull(agentSessions.endedAt)));
  }

  async endAll(agentId: string, now: Date): Promise<void> {
    await this.db
      .update(agentSessions)
      .set({ endedAt: now })
      .where(and(eq(agentSessions.agentId, agentId), isNull(agentSessions.endedAt)));
  }
}

export class DrizzleAudit implements AuditRepo {
  constructor(private readonly db: Db) {}

  async record(entry: { actorId: string | null; action: string; subject: string; data: Record<string, unknown>; at: Date }): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }
}
