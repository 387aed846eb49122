import type { Agent, Role } from '../ports/console-store.js';

/**
 * What each role may do in the console: the one source of these rules (the API enforces them, and
 * tells the console page the signed-in agent's list). Engineers see and work tickets, not the
 * conversations behind them; agents also talk to users.
 */
export type Permission =
  | 'conversations.view'
  | 'conversations.take'
  | 'conversations.any'
  | 'tickets.view'
  | 'tickets.manage'
  | 'tickets.override'
  | 'roster.manage'
  | 'visits.manage'
  | 'agents.manage'
  | 'reports.view'
  | 'assets.view'
  | 'assets.manage';

/** What a supervisor may do: any conversation, the tickets, overrides, the roster and the events, the reports. */
const SUPERVISING: readonly Permission[] = [
  'conversations.view',
  'conversations.take',
  'conversations.any',
  'tickets.view',
  'tickets.manage',
  'tickets.override',
  'roster.manage',
  'reports.view',
  'visits.manage',
  'assets.view',
  'assets.manage',
];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  engineer: ['tickets.view', 'assets.view'],
  agent: ['conversations.view', 'conversations.take', 'tickets.view', 'tickets.manage', 'tickets.override', 'assets.view'],
  // The service coordinator (GX-EDU 5.27's customer-service manager): a supervisor who is also told of every warning.
  coordinator: SUPERVISING,
  supervisor: SUPERVISING,
  admin: [...SUPERVISING, 'agents.manage'],
};

export function can(agent: Pick<Agent, 'role'>, permission: Permission): boolean {
  return GRANTS[agent.role].includes(permission);
}

/** Every role's permissions (the console's meta gives the page this table). */
export function permissionsByRole(): Readonly<Record<Role, readonly Permission[]>> {
  return GRANTS;
}

/** Everything the agent's role may do (the console page shows and hides by it). */
export function permissionsOf(agent: Pick<Agent, 'role'>): readonly Permission[] {
  return GRANTS[agent.role];
}

/** Why a role may not do something, said so the agent understands (403). */
const REFUSALS: Readonly<Record<Permission, string>> = {
  'conversations.view': 'your role sees tickets, not the conversations with users',
  'conversations.take': 'your role cannot take over conversations',
  'conversations.any': 'only a supervisor or an admin can act in a conversation another agent handles',
  'tickets.view': 'your role cannot see tickets',
  'tickets.manage': 'your role does not allow changing tickets',
  'tickets.override': 'your role cannot override the contract',
  'roster.manage': 'only a coordinator, a supervisor or an admin keeps the roster and declares events',
  'visits.manage': 'only a coordinator, a supervisor or an admin sees and phones the return visits',
  'agents.manage': 'only an admin manages accounts',
  'reports.view': 'only a coordinator, a supervisor or an admin sees the reports',
  'assets.view': 'your role cannot see the asset register',
  'assets.manage': 'only a coordinator, a supervisor or an admin imports, edits, retires and confirms assets',
};

/** Throws Forbidden (403, with the reason) unless the agent's role has the permission. */
export function requirePermission(agent: Pick<Agent, 'role'>, permission: Permission): void {
  if (!can(agent, permission)) throw new Forbidden('forbidden', REFUSALS[permission]);
}

/** Who may reply in, transfer or hand back a conversation: its owner, or a supervisor or admin. */
export function mayAct(agent: Pick<Agent, 'id' | 'role'>, ownerId: string | null): boolean {
  return can(agent, 'conversations.take') && (ownerId === agent.id || can(agent, 'conversations.any'));
}

/**
 * Who may move a ticket: agents, supervisors and admins any ticket; an engineer the tickets
 * dispatched to them (arriving on site, waiting for parts, resolved).
 */
export function mayWorkTicket(agent: Pick<Agent, 'id' | 'role'>, engineerId: string | null): boolean {
  return can(agent, 'tickets.manage') || (agent.role === 'engineer' && engineerId === agent.id);
}

export class Forbidden extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Forbidden';
  }
}

export class Conflict extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Conflict';
  }
}

/** A request the rules refuse as it stands (400, with the reason). */
export class Invalid extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Invalid';
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}
