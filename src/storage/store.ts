import type { Repos, Store } from '../app/ports.js';
import { type Database, type Db, notify } from './database.js';
import { DrizzleAttachments } from './repositories/attachments.js';
import { DrizzleContacts } from './repositories/contacts.js';
import { DrizzleConversations } from './repositories/conversations.js';
import { DrizzleInbound } from './repositories/inbound.js';
import { DrizzleMessages } from './repositories/messages.js';
import { DrizzleOutbox } from './repositories/outbox.js';
import { DrizzlePlaces } from './repositories/places.js';
import { DrizzleTickets } from './repositories/tickets.js';
import { DrizzleTurns } from './repositories/turns.js';
import { DrizzleWebchat } from './repositories/webchat.js';
import { DrizzleAgents } from './repositories/agents.js';
import { DrizzleConsoleConversations } from './repositories/console-queue.js';
import { DrizzleAudit, DrizzleSessions, DrizzleThrottle } from './repositories/sessions.js';
import { DrizzleTicketAdmin } from './repositories/ticket-admin.js';

import { EVENTS_CHANNEL, type StoreEvent } from './events.js';

export { EVENTS_CHANNEL, type StoreEvent };

function repos(db: Db): Repos {
  return {
    places: new DrizzlePlaces(db),
    contacts: new DrizzleContacts(db),
    conversations: new DrizzleConversations(db),
    inbound: new DrizzleInbound(db),
    messages: new DrizzleMessages(db),
    outbox: new DrizzleOutbox(db),
    tickets: new DrizzleTickets(db),
    attachments: new DrizzleAttachments(db),
    webchat: new DrizzleWebchat(db),
    turns: new DrizzleTurns(db),
    console: {
      agents: new DrizzleAgents(db),
      sessions: new DrizzleSessions(db),
      throttle: new DrizzleThrottle(db),
      audit: new DrizzleAudit(db),
      queue: new DrizzleConsoleConversations(db),
      tickets: new DrizzleTicketAdmin(db),
    },
    notifyConversation: (id, seq) => notify(db, EVENTS_CHANNEL, JSON.stringify({ type: 'conversation', id, seq } satisfies StoreEvent)),
    notify: (event) => notify(db, EVENTS_CHANNEL, JSON.stringify(event)),
  };
}

/** The Store port over a drizzle database; `onTransaction` counts transactions for /metrics. */
export function drizzleStore(database: Database, onTransaction?: () => void): Store {
  return {
    read: repos(database.db),
    ingest: new DrizzleInbound(database.ingest),
    transaction: (work) => {
      onTransaction?.();
      return database.db.transaction((tx) => work(repos(tx as unknown as Db)));
    },
  };
}
