import { z } from 'zod';
import { hashPassword } from './password.js';
import { Lang } from '../domain/i18n.js';
import { type Agent, ROLES } from '../ports/console-store.js';
import { Conflict, NotFound, requirePermission } from './permissions.js';
import type { Store } from '../ports/store.js';

export const NewAgent = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,40}$/, 'user names are 3–40 letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(ROLES),
  lang: Lang.default('zh-CN'),
  password: z.string().min(12, 'passwords are at least 12 characters').max(200),
});

export const AgentChange = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  role: z.enum(ROLES).optional(),
  lang: Lang.optional(),
  active: z.boolean().optional(),
  password: z.string().min(12, 'passwords are at least 12 characters').max(200).optional(),
});

/** Accounts: admins create agents, change roles, reset passwords and deactivate; all audited. */
export class AgentAdmin {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /** Everyone signed in may see who their colleagues are (to transfer, to dispatch). */
  async list(agent: Agent): Promise<Agent[]> {
    requirePermission(agent, 'tickets.view');
    return this.store.read.console.agents.list();
  }

  async create(admin: Agent, input: z.infer<typeof NewAgent>): Promise<Agent> {
    this.requireAdmin(admin);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock();
    return this.store.transaction(async (r) => {
      const created = await r.console.agents.create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        lang: input.lang,
        passwordHash,
      });
      if (!created) throw new Conflict('username_taken', `the user name ${input.username} is taken`);
      await r.console.audit.record({
        actorId: admin.id,
        action: 'agent_created',
        subject: `agent:${created.id}`,
        data: { username: created.username, role: created.role },
        at: now,
      });
      return created;
    });
  }

  async update(admin: Agent, id: string, change: z.infer<typeof AgentChange>): Promise<Agent> {
    this.requireAdmin(admin);
    if (id === admin.id && (change.active === false || (change.role && change.role !== 'admin'))) {
      throw new Conflict('self', 'you cannot deactivate yourself or give up your own admin role');
    }
    const { password, ...rest } = change;
    const passwordHash = password ? await hashPassword(password) : undefined;
    const now = this.clock();
    return this.store.transaction(async (r) => {
      const updated = await r.console.agents.update(id, { ...rest, ...(passwordHash ? { passwordHash } : {}) });
      if (!updated) throw new NotFound('no such agent');
      if (change.active === false || passwordHash) await r.console.sessions.endAll(id, now);
      await r.console.audit.record({
        actorId: admin.id,
        action: 'agent_updated',
        subject: `agent:${id}`,
        data: { ...rest, ...(password ? { password: 'reset' } : {}) },
        at: now,
      });
      return updated;
    });
  }

  private requireAdmin(agent: Agent): void {
    requirePermission(agent, 'agents.manage');
  }
}
