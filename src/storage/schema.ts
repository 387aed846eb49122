// The whole database in one file, over 400 lines on purpose: drizzle-kit generates the migrations
// from it, and one place to read every table, index and constraint (30 tables, each short) is worth
// more than files that would each hold one.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { VisitAnswer } from '../domain/after-service.js';
import type { AssetChangeFields } from '../domain/asset-changes.js';
import type { Reason } from '../domain/reason.js';
import type { ReportSummary, TicketTriage } from '../domain/triage-record.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const created = () => ts('created_at').notNull().defaultNow();
const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);
interface LocalTextJson {
  'zh-CN': string;
  en: string;
}

/** Contracts as loaded from flows/contracts at start (the files stay the source). */
export const contracts = pgTable('contracts', {
  id: text('id').primaryKey(),
  name: jsonb('name').$type<LocalTextJson>().notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
});

export const organisations = pgTable('organisations', {
  id: id(),
  name: text('name').notNull(),
  createdAt: created(),
});

/** Schools and venues. */
export const sites = pgTable(
  'sites',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    /** Other names teachers type for it (an English name: "Minghu Primary School"). */
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    createdAt: created(),
  },
  (t) => [uniqueIndex('sites_org_name').on(t.organisationId, t.name)],
);

export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    /** Other names teachers type for it ("Grade 3 Class 2", "Room 302"). */
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    createdAt: created(),
  },
  (t) => [uniqueIndex('rooms_site_name').on(t.siteId, t.name)],
);

export interface ReplacedPart {
  part: string;
  replacedAt: string;
}

export const assets = pgTable(
  'assets',
  {
    id: id(),
    tag: text('tag').notNull(),
    serial: text('serial'),
    kind: text('kind').notNull(),
    model: text('model'),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    acceptedAt: date('accepted_at', { mode: 'string' }).notNull(),
    warrantyMonths: integer('warranty_months'),
    replacedParts: jsonb('replaced_parts').$type<ReplacedPart[]>().notNull().default([]),
    /** Retired assets stay (their tickets refer to them) but leave the register's lists and the report's choices. */
    retiredAt: ts('retired_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assets_tag').on(sql`upper(${t.tag})`), index('assets_room').on(t.roomId), index('assets_site').on(t.siteId)],
);

/** A person who reports faults; the channels they write from are their identities. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    name: text('name'),
    /** Digits only, with the country code when known: how identities on several channels are linked. */
    phone: text('phone'),
    lang: text('lang').notNull().default('zh-CN'),
    /** The place they reported from last time, offered again next time. */
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('contacts_phone').on(t.phone)],
);

export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: id(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    displayName: text('display_name'),
    /** Web chat: hash of the session token the browser holds. */
    secretHash: text('secret_hash'),
    /** Web chat: the browser whose contact token opened this session (its sessions share one contact). */
    browserId: uuid('browser_id').references(() => webchatBrowsers.id, { onDelete: 'set null' }),
    /** The user blocked the bot or unfollowed: nothing is sent until they come back. */
    blockedAt: ts('blocked_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('identities_channel_external').on(t.channel, t.externalId),
    index('identities_contact').on(t.contactId),
    index('identities_browser').on(t.browserId, t.createdAt),
  ],
);

/**
 * Web chat browsers: the contact token a browser keeps (only its hash here) makes every session it
 * opens the same person. The contact is its oldest session's (links move sessions, so it follows).
 */
export const webchatBrowsers = pgTable('webchat_browsers', {
  id: id(),
  secretHash: text('secret_hash').notNull().unique('webchat_browsers_secret'),
  createdAt: created(),
  /** When a session was last opened with the token (it lapses WEBCHAT_CONTACT_DAYS after its last use). */
  lastUsedAt: ts('last_used_at').notNull(),
});

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    channel: text('channel').notNull(),
    /** The chat on the channel (a Telegram chat id, a LINE user or group, a web chat session). */
    externalKey: text('external_key').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    mode: text('mode').$type<'bot' | 'human'>().notNull().default('bot'),
    /** The user blocked the bot or unfollowed: replies are recorded but not sent. */
    blockedAt: ts('blocked_at'),
    humanRequestedAt: ts('human_requested_at'),
    agentId: uuid('agent_id').references(() => agents.id),
    /** Sequence number of the last transcript entry. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The report in two lines for the agent, written when the conversation was handed to a human. */
    summary: jsonb('summary').$type<ReportSummary>(),
    lastMessageAt: ts('last_message_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conversations_channel_key').on(t.channel, t.externalKey), index('conversations_contact').on(t.contactId)],
);

export interface ChoiceJson {
  id: string;
  label: string;
}

/** The full transcript, both directions, numbered per conversation. */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    seq: integer('seq').notNull(),
    /** `note`: an agents' internal note, never shown to the user. */
    direction: text('direction').$type<'in' | 'out' | 'note'>().notNull(),
    sender: text('sender').$type<'user' | 'bot' | 'agent' | 'system'>().notNull(),
    agentId: uuid('agent_id').references(() => agents.id),
    kind: text('kind').notNull(),
    text: text('text').notNull().default(''),
    choices: jsonb('choices').$type<ChoiceJson[]>(),
    attachmentId: uuid('attachment_id').references(() => attachments.id),
    inboundEventId: bigint('inbound_event_id', { mode: 'number' }),
    createdAt: created(),
  },
  (t) => [uniqueIndex('messages_conversation_seq').on(t.conversationId, t.seq)],
);

export const attachments = pgTable('attachments', {
  id: id(),
  conversationId: uuid('conversation_id').references(() => conversations.id),
  ticketId: uuid('ticket_id'),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  createdAt: created(),
});

/**
 * Photos' bytes by their SHA-256, when they are kept in the database (PHOTOS_STORE=database, the
 * default on PostgreSQL): every instance reads what any instance stored.
 */
export const blobs = pgTable('blobs', {
  key: text('key').primaryKey(),
  bytes: bytea('bytes').notNull(),
  createdAt: created(),
});

export interface ProblemReport {
  problemType: string;
  cause: string;
  solution: string;
  lossAssessment: string;
  replacedParts?: readonly string[] | undefined;
}

export interface Reopening {
  resolvedAt: string;
  reopenedAt: string;
}

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    number: text('number').notNull(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => contacts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    assetId: uuid('asset_id').references(() => assets.id),
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    description: text('description').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    severity: text('severity').$type<'A' | 'B' | 'C' | 'D'>().notNull(),
    severitySince: ts('severity_since').notNull(),
    warranty: text('warranty').$type<'in_warranty' | 'out_of_warranty' | 'excluded' | 'unknown'>().notNull(),
    billable: boolean('billable').notNull(),
    reasons: jsonb('reasons').$type<Reason[]>().notNull(),
    status: text('status').notNull().default('registered'),
    reportedAt: ts('reported_at').notNull(),
    responseDueAt: ts('response_due_at').notNull(),
    onSiteDueAt: ts('on_site_due_at'),
    repairDueAt: ts('repair_due_at'),
    loanerDueAt: ts('loaner_due_at'),
    respondedAt: ts('responded_at'),
    onSiteAt: ts('on_site_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    assigneeId: uuid('assignee_id').references(() => agents.id),
    /** The on-site engineer (an agent with the engineer role) and their name as shown to the reporter. */
    engineerId: uuid('engineer_id').references(() => agents.id),
    engineerName: text('engineer_name'),
    appointmentAt: ts('appointment_at'),
    /** When a loaner unit was recorded as delivered (stops the loaner clock). */
    loanerDeliveredAt: ts('loaner_delivered_at'),
    /** Earlier resolutions the fault came back from, oldest first: time between them does not count on the clocks. */
    reopenings: jsonb('reopenings').$type<Reopening[]>().notNull().default([]),
    report: jsonb('report').$type<ProblemReport>(),
    /** Set when an agent overrode the contract's decision (the reason is in the event log). */
    severityOverridden: boolean('severity_overridden').notNull().default(false),
    warrantyOverridden: boolean('warranty_overridden').notNull().default(false),
    /** How the facts were found: per fact its origin and evidence, the summary, the LLM call (domain/triage-record.ts). */
    triage: jsonb('triage').$type<TicketTriage>(),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number').on(t.number),
    index('tickets_reporter').on(t.reporterId, t.createdAt),
    index('tickets_open').on(t.status, t.severity),
  ],
);

/** Append-only: every change of a ticket, with who made it and why (updates and deletes are refused). */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: ts('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    /** 'system', 'bot', or an agent id. */
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
);

export const ticketCounters = pgTable('ticket_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** Every platform event, recorded once: the (channel, external id) pair de-duplicates redeliveries. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    conversationKey: text('conversation_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** Why the event cannot be used (an identifier with a NUL or a lone surrogate): recorded, acknowledged, never processed. */
    rejected: text('rejected'),
  },
  (t) => [
    uniqueIndex('inbound_channel_external').on(t.channel, t.externalId),
    index('inbound_pending')
      .on(t.channel, t.conversationKey, t.id)
      .where(sql`${t.processedAt} is null`),
  ],
);

/** Replies waiting to leave, in order per conversation; sent by the outbox sender. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    channel: text('channel').notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** Held by a sender until then: another instance does not take the same messages meanwhile. */
    leaseUntil: ts('lease_until'),
    lastError: text('last_error'),
    createdAt: created(),
    sentAt: ts('sent_at'),
    /** A failed message an agent has seen (it leaves the console's queue); who saw it. */
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => agents.id),
  },
  (t) => [
    index('outbox_pending')
      .on(t.channel, t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_undelivered')
      .on(t.conversationId)
      .where(sql`${t.status} = 'failed' and ${t.reviewedAt} is null`),
  ],
);

/**
 * One-time codes that link a person's identities on several channels to one contact: at most one
 * unused code per contact (a new code replaces the old one).
 */
export const linkCodes = pgTable(
  'link_codes',
  {
    code: text('code').primaryKey(),
    /** The contact whose identities the code links; null for a staff account's code (agent_id). */
    contactId: uuid('contact_id').references(() => contacts.id),
    /** A staff account's code: whoever enters it in a chat becomes that account's chat (engineers work from chat). */
    agentId: uuid('agent_id').references(() => agents.id),
    /** Where the code was given out: its owner is told there when it is used. */
    conversationId: uuid('conversation_id').references(() => conversations.id),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('link_codes_one_live')
      .on(t.contactId)
      .where(sql`${t.usedAt} is null`),
    uniqueIndex('link_codes_one_live_agent')
      .on(t.agentId)
      .where(sql`${t.usedAt} is null`),
    check('link_codes_owner', sql`(${t.contactId} is null) <> (${t.agentId} is null)`),
  ],
);

/**
 * Identities that joined a contact by a link code, with what moved along, so that the contact's
 * earlier identities can undo it: the identities, their conversations (tickets follow them), the
 * profile of the contact they came from, and the profile fields the link filled in.
 */
export const contactLinks = pgTable(
  'contact_links',
  {
    id: id(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    identities: jsonb('identities').$type<{ channel: string; externalId: string }[]>().notNull(),
    conversationIds: jsonb('conversation_ids').$type<string[]>().notNull(),
    profile: jsonb('profile').$type<Record<string, string | null>>().notNull(),
    filled: jsonb('filled').$type<Record<string, string>>().notNull(),
    linkedAt: ts('linked_at').notNull(),
    undoneAt: ts('undone_at'),
  },
  (t) => [index('contact_links_contact').on(t.contactId, t.linkedAt)],
);

export const agents = pgTable(
  'agents',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<'agent' | 'engineer' | 'coordinator' | 'supervisor' | 'admin'>().notNull(),
    lang: text('lang').notNull().default('zh-CN'),
    active: boolean('active').notNull().default(true),
    /** The contact of the staff member's own Telegram or LINE chat (linked by a one-time code): tickets and warnings go there. */
    contactId: uuid('contact_id').references(() => contacts.id),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('agents_username').on(sql`lower(${t.username})`),
    uniqueIndex('agents_contact')
      .on(t.contactId)
      .where(sql`${t.contactId} is not null`),
  ],
);

/** Signed-in agents: only a hash of the session id is kept; the id lives in the agent's cookie. */
export const agentSessions = pgTable(
  'agent_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: created(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** The absolute end (8 h after sign-in); the idle end is last_seen_at + 30 min. */
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    address: text('address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('agent_sessions_agent').on(t.agentId)],
);

/**
 * Attempts at guessing a secret (a password, a link code), per key: an account from an address,
 * an address, a contact, all link codes. Counted in one statement each (see repositories/attempts.ts),
 * so parallel requests and several instances cannot slip past the limit.
 */
export const attemptCounters = pgTable('attempt_counters', {
  key: text('key').primaryKey(),
  /** Attempts let through in the current window (a success gives its own back). */
  count: integer('count').notNull(),
  windowStart: ts('window_start').notNull(),
  /** The next attempt is let through from then on. */
  nextAt: ts('next_at').notNull(),
  /** Whether the latest attempt was let through (read back by the statement that counted it). */
  allowed: boolean('allowed').notNull(),
  /** The rule it was counted under: attempts before waits begin, the window, the first and the longest wait. */
  free: integer('free').notNull(),
  windowMs: integer('window_ms').notNull(),
  firstWaitMs: integer('first_wait_ms').notNull(),
  maxWaitMs: integer('max_wait_ms').notNull(),
});

/** Who changed what, for everything that is not a ticket (tickets have their own event log). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => agents.id),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_subject').on(t.subject, t.id)],
);

/** Every call made to the LLM triage (audit): what was asked of which model, how it went, what it changed. */
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: uuid('id').primaryKey(),
    at: ts('at').notNull(),
    // No foreign key: a call is recorded on its own, possibly before the conversation's first turn commits.
    conversationId: uuid('conversation_id'),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    outcome: text('outcome').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    answer: jsonb('answer').$type<Record<string, unknown>>(),
    error: text('error'),
    changed: jsonb('changed').$type<string[]>().notNull().default([]),
  },
  (t) => [index('llm_calls_at').on(t.at), index('llm_calls_conversation').on(t.conversationId, t.at)],
);

/** An agent's correction of a ticket's fact: the growing evaluation set (npm run triage:export-corrections). */
export const factCorrections = pgTable(
  'fact_corrections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    at: ts('at').notNull(),
    fact: text('fact').notNull(),
    before: jsonb('before').$type<string | boolean | null>(),
    after: jsonb('after').$type<string | boolean>().notNull(),
    source: text('source'),
  },
  (t) => [index('fact_corrections_ticket').on(t.ticketId, t.id), index('fact_corrections_at').on(t.at)],
);

/** The on-duty roster (CG-CULTURE 4.5.3): who is on duty from when to when; paged for urgent faults out of hours. */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: id(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => agents.id),
    createdAt: created(),
  },
  (t) => [index('duty_shifts_time').on(t.startsAt, t.endsAt), check('duty_shifts_order', sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * Declared major events (GX-EDU 5.14, CG-CULTURE 4.5.3): during one, a new fault at its site (or at
 * any site, when site_id is null) is severity A, and the on-duty staff are told at once.
 */
export const majorEvents = pgTable(
  'major_events',
  {
    id: id(),
    name: text('name').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => agents.id),
    createdAt: created(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [index('major_events_time').on(t.startsAt, t.endsAt), check('major_events_order', sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * Scheduled work on tickets, one row per thing to send once: a clock's warning point, a breach, an
 * unassigned urgent ticket, a severity raise. Claimed with row locks (a lease) like the outbox, so two
 * instances never send the same one and a crashed instance's rows are picked up when the lease ends.
 */
export const ticketAlerts = pgTable(
  'ticket_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null for work on a site rather than a ticket (a return visit round, an inspection's notice). */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /**
     * What it is about, unique per ticket: "clock:onSite:75:<due ISO>", "unassigned:<severity>",
     * "raised:<to>"; unique among site work: "visit:<site id>:<round date>", "inspection:<id>".
     */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** When it falls due. */
    at: ts('at').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'cancelled'>().notNull().default('pending'),
    leaseUntil: ts('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('ticket_alerts_once').on(t.ticketId, t.key),
    uniqueIndex('ticket_alerts_once_site')
      .on(t.key)
      .where(sql`${t.ticketId} is null`),
    index('ticket_alerts_due')
      .on(t.at, t.id)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * The satisfaction survey of a solved ticket (clause 5.12.1), one per ticket: asked in the teacher's
 * chat (ticket_alerts kinds 'survey' and 'survey_reminder'), answered with buttons, its comment the
 * teacher's next free text while `comment_until` is ahead. Expired surveys change nothing.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    /** The engineer who solved it (when one was dispatched). */
    engineerId: uuid('engineer_id').references(() => agents.id),
    askedAt: ts('asked_at'),
    remindedAt: ts('reminded_at'),
    expiresAt: ts('expires_at').notNull(),
    /** 1 (very dissatisfied) … 5 (very satisfied). */
    score: integer('score'),
    comment: text('comment'),
    answeredAt: ts('answered_at'),
    /** After a score: the teacher's next free text until then is the comment. */
    commentUntil: ts('comment_until'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('surveys_ticket').on(t.ticketId),
    index('surveys_conversation').on(t.conversationId),
    check('surveys_score', sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);

/**
 * Return visits (回访, GX-EDU 5.16; CG-CULTURE 4.5.4's feedback form): one row per site, round and
 * contact teacher written to (contact null: the site had nobody to write to). Sent by the alerts
 * worker's "visit" rows inside the contract's windows; answered with buttons; the undelivered and
 * unanswered ones are phoned by the coordinator, who records the call.
 */
export const returnVisits = pgTable(
  'return_visits',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** The round's date (the schedule's, in the contract's zone). */
    roundOn: date('round_on', { mode: 'string' }).notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    /** The question's place in the conversation (its message's outbox row tells whether it was delivered). */
    messageSeq: integer('message_seq'),
    status: text('status').$type<'sent' | 'undelivered' | 'answered'>().notNull(),
    sentAt: ts('sent_at'),
    answer: text('answer').$type<VisitAnswer>(),
    answeredAt: ts('answered_at'),
    /** The fault reported from the visit ("report a fault"). */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /** The coordinator's phone call for an undelivered or unanswered visit. */
    calledAt: ts('called_at'),
    calledBy: uuid('called_by').references(() => agents.id),
    callNote: text('call_note'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('return_visits_once').on(t.siteId, t.roundOn, t.contactId),
    index('return_visits_round').on(t.roundOn),
    index('return_visits_conversation').on(t.conversationId),
  ],
);

/** One checked line of an inspection record. */
export interface InspectionItemRow {
  /** The checklist item's id, and the asset it was checked on (per-asset items). */
  item: string;
  assetId: string | null;
  result: 'ok' | 'fault' | 'note' | null;
  note: string | null;
  /** Attachment ids of photos taken for the item. */
  photos: string[];
  /** The ticket a fault found opened. */
  ticketId: string | null;
  checkedAt: string | null;
  checkedBy: string | null;
}

/**
 * Inspections (巡检, GX-EDU 5.17 quarterly on site; CG-CULTURE 4.5.1 every six months): one per
 * site and due date, planned from the contract's cadence, filled in by the engineer from chat or the
 * console item by item, printed as the record with the customer's sign-off.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: id(),
    /** "XJ-2026-0007": the record's number, printed on it. */
    number: text('number').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<'planned' | 'in_progress' | 'done' | 'cancelled'>().notNull().default('planned'),
    engineerId: uuid('engineer_id').references(() => agents.id),
    items: jsonb('items').$type<InspectionItemRow[]>().notNull().default([]),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    /** A remark for the whole record. */
    summary: text('summary'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inspections_once').on(t.siteId, t.dueOn),
    uniqueIndex('inspections_number').on(t.number),
    index('inspections_due').on(t.status, t.dueOn),
  ],
);

/** One applied import of an equipment list (CSV or XLSX): who, which file, and what it did. */
export const assetImports = pgTable('asset_imports', {
  id: id(),
  /** Null: the command line (npm run assets:import). */
  agentId: uuid('agent_id').references(() => agents.id),
  fileName: text('file_name').notNull(),
  rows: integer('rows').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  sitesCreated: integer('sites_created').notNull().default(0),
  roomsCreated: integer('rooms_created').notNull().default(0),
  createdAt: created(),
});

/**
 * The register's audit trail: every asset created, updated, moved, retired or restored, by an
 * import or an agent's edit, and each part recorded as replaced when a ticket closed.
 */
export const assetChanges = pgTable(
  'asset_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    action: text('action').$type<'created' | 'updated' | 'moved' | 'retired' | 'restored' | 'part_replaced' | 'confirmed'>().notNull(),
    changes: jsonb('changes').$type<AssetChangeFields>().notNull().default({}),
    /** Who: an agent, or an import (its row), or neither (the seed). */
    agentId: uuid('agent_id').references(() => agents.id),
    importId: uuid('import_id').references(() => assetImports.id),
    /** The ticket whose closing recorded a replaced part. */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    note: text('note'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('asset_changes_asset').on(t.assetId, t.at)],
);

/**
 * A device a teacher reported by a tag the register does not know: kept for the coordinator to
 * confirm (it becomes an asset) or dismiss, instead of a dead end.
 */
export const pendingAssets = pgTable(
  'pending_assets',
  {
    id: id(),
    /** As the teacher typed it, upper case. */
    tag: text('tag').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    roomId: uuid('room_id').references(() => rooms.id),
    /** The device kind the report named, when it did. */
    kind: text('kind'),
    contactId: uuid('contact_id').references(() => contacts.id),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    status: text('status').$type<'pending' | 'confirmed' | 'dismissed'>().notNull().default('pending'),
    /** The asset it was confirmed as. */
    assetId: uuid('asset_id').references(() => assets.id),
    resolvedBy: uuid('resolved_by').references(() => agents.id),
    resolvedAt: ts('resolved_at'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('pending_assets_open_tag')
      .on(sql`upper(${t.tag})`)
      .where(sql`status = 'pending'`),
  ],
);
