import type { Agent, Role } from './console-ports.js';

/** What each role may do in the console. Engineers work tickets; agents also talk to users. */
export type Permission =
  | 'conversations.view'
  | 'conversations.take'
  | 'conversations.any'
  | 'tickets.view'
  | 'tickets.manage'
  | 'tickets.override'
  | 'agents.manage';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  engineer: ['tickets.view', 'conversations.view'],
  agent: ['conversations.view', 'conversations.take', 'tickets.view', 'tickets.manage', 'tickets.override'],
  supervisor: ['conversations.view', 'conversations.take', 'conversations.any', 'tickets.view', 'tickets.manage', 'tickets.override'],
  admin: ['conversations.view', 'conversations.take', 'conversations.any', 'tickets.view', 'tickets.manage', 'tickets.override', 'agents.manage'],
};

export function can(agent: Pick<Agent, 'role'>, permission: Permission): boolean {
  return GRANTS[agent.role].includes(permission);
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
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'Forbidden';
  }
}

export class Conflict extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}
