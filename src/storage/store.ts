import { TransactionRollbackError } from 'drizzle-orm';
import type { Decided, Repos, Store } from '../ports/store.js';
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
import { DrizzleAudit, DrizzleSessions } from './repositories/sessions.js';
import { DrizzleAttempts } from './repositories/attempts.js';
import { DrizzleContactLinks } from './repositories/contact-links.js';
import { DrizzleTicketAdmin } from './repositories/ticket-admin.js';
import { DrizzleLlmCallLog, DrizzleLlmCalls } from './repositories/llm-calls.js';
import { DrizzleStaff } from './repositories/staff.js';
import { DrizzleRoster } from './repositories/roster.js';
import { DrizzleAlerts } from './repositories/alerts.js';
import { DrizzleSurveys } from './repositories/surveys.js';
import { DrizzleInspections } from './repositories/inspections.js';
import { DrizzleSatisfactionReport } from './repositories/satisfaction-report.js';
import { DrizzleReturnVisits } from './repositories/return-visits.js';
import { DrizzleReports } from './repositories/reports.js';
import { DrizzleAssetImport } from './repositories/asset-import.js';
import { DrizzleAssetRegister } from './repositories/asset-register.js';
import { DrizzlePendingAssets } from './repositories/pending-assets.js';
import { DrizzleAssetParts } from './repositories/asset-parts.js';
import { DrizzleAssetExpiry } from './repositories/asset-expiry.js';
import type { Logger } from 'pino';
import type { LlmCallLog } from '../ports/llm-calls.js';

import { EVENTS_CHANNEL, type StoreEvent } from './events.js';
import { CachedPlaces, PlacesCache } from './cached-places.js';
import { GroupCommit } from './group-commit.js';
import { TurnBatches } from './turn-batches.js';

export { EVENTS_CHANNEL, type StoreEvent };

export function repos(db: Db, placesCache?: PlacesCache): Repos {
  const places = new DrizzlePlaces(db);
  return {
    places: placesCache ? new CachedPlaces(places, placesCache) : places,
    contacts: new DrizzleContacts(db),
    conversations: new DrizzleConversations(db),
    inbound: new DrizzleInbound(db),
    messages: new DrizzleMessages(db),
    outbox: new DrizzleOutbox(db),
    tickets: new DrizzleTickets(db),
    attachments: new DrizzleAttachments(db),
    webchat: new DrizzleWebchat(db),
    turns: new DrizzleTurns(db),
    links: new DrizzleContactLinks(db),
    attempts: new DrizzleAttempts(db),
    staff: new DrizzleStaff(db),
    roster: new DrizzleRoster(db),
    alerts: new DrizzleAlerts(db),
    surveys: new DrizzleSurveys(db),
    inspections: new DrizzleInspections(db),
    satisfactionReport: new DrizzleSatisfactionReport(db),
    returnVisits: new DrizzleReturnVisits(db),
    reports: new DrizzleReports(db),
    assets: {
      imports: new DrizzleAssetImport(db),
      // An edit is seen at once here, and by every other instance once it commits (the 'places' event).
      register: new DrizzleAssetRegister(db, () => {
        placesCache?.clear();
        notify(db, EVENTS_CHANNEL, JSON.stringify({ type: 'places' } satisfies StoreEvent)).catch(() => undefined);
      }),
      pending: new DrizzlePendingAssets(db),
      parts: new DrizzleAssetParts(db),
      expiry: new DrizzleAssetExpiry(db),
    },
    console: {
      agents: new DrizzleAgents(db),
      sessions: new DrizzleSessions(db),
      audit: new DrizzleAudit(db),
      queue: new DrizzleConsoleConversations(db),
      tickets: new DrizzleTicketAdmin(db),
      llmCalls: new DrizzleLlmCalls(db),
    },
    notifyConversation: (id, seq) => notify(db, EVENTS_CHANNEL, JSON.stringify({ type: 'conversation', id, seq } satisfies StoreEvent)),
    notify: (event) => notify(db, EVENTS_CHANNEL, JSON.stringify(event)),
  };
}

export interface StoreOptions {
  /** Counts transactions for /metrics. */
  readonly onTransaction?: () => void;
  /** Keep answers about schools, rooms and assets this long (0: always ask the database). */
  readonly placesTtlMs?: number;
  /** A webhook's events wait this long for other requests' to be recorded with them (0: at once). */
  readonly ingestGatherMs?: number;
  /** Unlocked turns' opens and commits gathered this long into one statement or transaction (0: each on its own). */
  readonly turnGatherMs?: number;
}

function isPlacesEvent(payload: string): boolean {
  try {
    return (JSON.parse(payload) as StoreEvent).type === 'places';
  } catch {
    return false;
  }
}

/** The Store port over a drizzle database. */
export function drizzleStore(database: Database, options: StoreOptions = {}): Store {
  const placesCache = options.placesTtlMs ? new PlacesCache(options.placesTtlMs) : undefined;
  // An import (any instance's) tells every instance, after its commit, to forget the cached places.
  if (placesCache) {
    database
      .listen(EVENTS_CHANNEL, (payload) => {
        if (isPlacesEvent(payload)) placesCache.clear();
      })
      .catch(() => undefined); // a database closed at once: nothing to forget
  }
  const onTransaction = options.onTransaction;
  const ingest = new DrizzleInbound(database.ingest);
  const readRepos = repos(database.db, placesCache);
  const groups = new GroupCommit((messages) => ingest.recordAll(messages), 500, options.ingestGatherMs ?? 0);
  return {
    read: options.turnGatherMs ? { ...readRepos, turns: new TurnBatches(database.db, options.turnGatherMs) } : readRepos,
    ingest: { record: (messages) => groups.record(messages) },
    transaction: (work) => {
      onTransaction?.();
      return database.db.transaction((tx) => work(repos(tx as unknown as Db, placesCache)));
    },
    async transactionOrRollback<T>(work: (repos: Repos) => Promise<Decided<T>>): Promise<T> {
      onTransaction?.();
      // drizzle rolls a transaction back only when its callback throws: tx.rollback() throws its
      // TransactionRollbackError, which is caught right here. That exception is the one rollback
      // signal and stays inside this wrapper; callers decide with a returned value.
      let undone: { value: T } | undefined;
      try {
        return await database.db.transaction(async (tx) => {
          const decided = await work(repos(tx, placesCache));
          if (decided.keep) return decided.value;
          undone = { value: decided.value };
          return tx.rollback();
        });
      } catch (error) {
        if (undone && error instanceof TransactionRollbackError) return undone.value;
        throw error;
      }
    },
  };
}

/** Where the LLM triage's calls are kept (llm_calls): each written on its own, outside any transaction. */
export function drizzleLlmCallLog(database: Database, log: Logger): LlmCallLog {
  return new DrizzleLlmCallLog(database.db, log);
}
