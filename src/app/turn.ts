import type { Catalog } from '../catalog/catalog.js';
import { DEFAULT_LANG, render } from '../domain/i18n.js';
import type { ChannelName, InboundMessage } from '../domain/messages.js';
import { normalisePhone } from '../domain/phone.js';
import { actionWrites, isActionName } from '../flows/actions-catalog.js';
import { handleInput, resumeAction, startReport, type StepResult } from '../flows/engine.js';
import type { Reply } from '../flows/input.js';
import { type ConversationState, initialState, readState } from '../flows/state.js';
import type { FactExtractor } from '../triage/extractor.js';
import { ACTION_HANDLERS } from './actions/index.js';
import { toFlowInput, transcriptText } from './turn-input.js';
import type { ActionContext, PhotoReader } from './actions/context.js';
import { DEFAULT_GUESS_LIMITS, type GuessLimits } from './guessing.js';
import { ConversationWriter } from './conversation-writer.js';
import { createConversation } from './new-conversation.js';
import { type Slots, within } from './slots.js';
import { type LastSaid, waitReply, whileWaiting } from './human-wait.js';
import { formatTime } from './present.js';
import { handoverSummary } from './report-summary.js';
import { settleLanguage } from './first-language.js';
import { mayBeStaffWork, type StaffChat } from './engineer/presses.js';
import { defaultStaffChat } from './default-staff-chat.js';
import { surveyInTurn, type TicketReopener } from './survey/answer.js';
import { visitInTurn, type VisitReply } from './visits/answer.js';
import type { Json } from '../flows/schema.js';
import type { ContactRecord, ConversationRecord, OpenedTurn, Repos, Store } from '../ports/store.js';

/** What a turn (one processing of a conversation's waiting events) needs. */
export interface TurnDeps {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly extractor: FactExtractor;
  readonly clock: () => Date;
  /** Channels whose replies leave through the outbox (web chat reads the transcript instead). */
  readonly pushChannels: ReadonlySet<ChannelName>;
  /** Limits on guessing link codes (defaults: DEFAULT_GUESS_LIMITS). */
  readonly guessLimits?: GuessLimits;
  /** Reads stored photos, for an extractor that takes them (LLM_SEND_PHOTOS). */
  readonly photos?: PhotoReader;
  /**
   * An engineer's buttons and shared location in their own chat (app/engineer), handled before the
   * flow. Default: ticket commands by a TicketService without after-change work.
   */
  readonly staffChat?: StaffChat;
  /** Reopens a ticket the teacher reopened from a satisfaction survey (default: a TicketService without after-change work). */
  readonly reopenTicket?: TicketReopener;
  /** What follows the opening of a ticket, in its transaction (its alerts are scheduled). */
  readonly ticketOpened?: ActionContext['ticketOpened'];
  /** Bounds the turns' transactions at once (each holds a connection: some room is kept for what they call). */
  readonly transactionSlots?: Slots;
}

const MAX_ACTIONS_PER_TURN = 30;

/**
 * The label of a pressed button, read from the message that offered it (when the engine cannot
 * say: a button of an earlier question, or one pressed while a human has the conversation). Only a
 * button this conversation was never offered reads as its id.
 */
async function buttonLabel(repos: Repos, conversationId: string, id: string): Promise<string> {
  return (await repos.messages.offeredLabel(conversationId, id)) ?? id;
}

/** The last message the user was sent, for the wait for a human. */
async function lastSaidOf(repos: Repos, conversationId: string): Promise<LastSaid | null> {
  const last = await repos.messages.lastOutbound(conversationId);
  return last ? { at: last.createdAt, text: last.text, choices: last.choices } : null;
}

/** A phone number the user shared as themselves: their identities on other channels join them. */
async function sharePhone(repos: Repos, contact: ContactRecord, phone: string): Promise<ContactRecord> {
  const normal = normalisePhone(phone);
  if (!normal) return contact;
  const other = await repos.contacts.findByPhone(normal, contact.id);
  if (!other) {
    await repos.contacts.setPhone(contact.id, normal);
    return { ...contact, phone: normal };
  }
  await repos.contacts.merge(contact.id, other);
  const merged = await repos.contacts.get(other);
  if (!merged) throw new Error(`contact ${other} vanished while ${contact.id} was merged into it`);
  return merged;
}

/** Who an anonymous group member is to the actions: nobody stored (personal actions do nothing for them). */
function anonymousContact(message: InboundMessage): ContactRecord {
  return { id: '', anonymous: true, name: null, phone: null, lang: message.langHint ?? DEFAULT_LANG, site: null, room: null };
}

/**
 * What one attempt at a turn came to: `done` (what it processed, written), `needs-lock` (taken
 * without the lock, it met something that writes beyond the turn itself: take it again, locked),
 * or `moved` (the conversation moved on meanwhile: unlocked, nothing was written; locked, another
 * turn handled these events first).
 */
type Attempt = { readonly kind: 'done'; readonly processed: number[] } | { readonly kind: 'needs-lock' } | { readonly kind: 'moved' };

const NEEDS_LOCK = { kind: 'needs-lock' } as const;

/** What the engine made of one input, with the actions it asked for run. */
type EngineRun = StepResult & { replies: Reply[]; merged: boolean; humanRequested: boolean; chosen?: string };

/** Runs the engine for one input, running each action it asks for (without the lock: only those that read). */
async function runEngine(
  deps: TurnDeps,
  repos: Repos,
  conversation: ConversationRecord,
  contact: ContactRecord,
  state: ConversationState,
  message: InboundMessage,
  now: Date,
  locked: boolean,
  reportAt?: Json, // a return visit's "report a fault": the report starts at its school, the input is not read
): Promise<{ readonly kind: 'ran'; readonly run: EngineRun } | typeof NEEDS_LOCK> {
  const input = toFlowInput(message.content);
  const sender = { channel: message.channel, userId: message.userId, address: message.address ?? null };
  const flows = deps.catalog.flowSet;
  let result = reportAt === undefined ? handleInput(flows, state, input, now) : startReport(flows, state, reportAt, now);
  const chosen = result.chosen;
  const replies = [...result.replies];
  let merged = false;
  let humanRequested = false;
  for (let i = 0; result.action; i++) {
    const { name, input: actionInput } = result.action;
    merged ||= name === 'link_code_redeem' || name === 'link_undo';
    humanRequested ||= name === 'request_human';
    if (i >= MAX_ACTIONS_PER_TURN || !isActionName(name)) throw new Error(`flow asked for action ${name} (${i} actions this turn)`);
    if (!locked && actionWrites(name)) return NEEDS_LOCK;
    const outcome = await ACTION_HANDLERS[name](
      {
        repos,
        catalog: deps.catalog,
        extractor: deps.extractor,
        conversation,
        contact,
        lang: result.state.lang,
        now,
        sender,
        limits: deps.guessLimits ?? DEFAULT_GUESS_LIMITS,
        pushChannels: deps.pushChannels,
        ...(deps.photos ? { photos: deps.photos } : {}),
        ...(deps.ticketOpened ? { ticketOpened: deps.ticketOpened } : {}),
      },
      actionInput,
    );
    result = resumeAction(flows, result.state, outcome, now);
    replies.push(...result.replies);
  }
  return { kind: 'ran', run: { ...result, replies, merged, humanRequested, ...(chosen ? { chosen } : {}) } };
}

/**
 * What a turn came to: `done` (the events it processed; none when nothing was waiting),
 * `needs-media` (photos are to be fetched first, outside any transaction: take it again after),
 * or `moved` (another turn, of another instance, handled these events first: nothing was
 * written; look again at what is left).
 */
export type TurnOutcome =
  { readonly kind: 'done'; readonly processed: readonly number[] } | { readonly kind: 'needs-media' } | { readonly kind: 'moved' };

const NOTHING_WAITING: TurnOutcome = { kind: 'done', processed: [] };
const NEEDS_MEDIA: TurnOutcome = { kind: 'needs-media' };

/**
 * Takes one turn over a conversation: handles every unprocessed event, in order, the state
 * change, the transcript (both directions) and the replies written together or not at all.
 *
 * A turn is first taken without a transaction (most turns only read): it commits in one
 * statement that applies only if the conversation did not move meanwhile. A turn that must write
 * more (a ticket, the profile, a new conversation, a block), or whose conversation moved, is taken
 * again inside a transaction holding the conversation's lock. With `safe` set (after repeated
 * failures), the events are only recorded, and the user is told.
 */
export async function runTurn(
  deps: TurnDeps,
  channel: ChannelName,
  conversationKey: string,
  options: { safe?: boolean } = {},
): Promise<TurnOutcome> {
  if (!options.safe) {
    let opened = await deps.store.read.turns.open(channel, conversationKey);
    if (opened.pending.length === 0) return NOTHING_WAITING;
    if (needsMedia(opened)) return NEEDS_MEDIA;
    const first = opened.pending[0];
    if (!opened.conversation && first) {
      // A new conversation is created on its own, so that its first turn is taken like any other: unlocked first, and a slow
      // read of the first message (the LLM's) outside any transaction. As created, it is what opening it again would read.
      const create = (r: Repos) => createConversation(r, channel, conversationKey, first.message);
      const made = await within(deps.transactionSlots, () => deps.store.transaction(create));
      opened = made ? { ...made, pending: opened.pending } : await deps.store.read.turns.open(channel, conversationKey);
      if (opened.pending.length === 0) return NOTHING_WAITING;
    }
    if (opened.conversation) {
      const attempt = await takeTurn(deps, deps.store.read, opened, channel, conversationKey, { locked: false, safe: false });
      if (attempt.kind === 'done') return attempt;
      // needs-lock or moved: taken again below, under the lock.
    }
  }
  // Locked, a turn that finds its events handled by another turn meanwhile is rolled back.
  return within(deps.transactionSlots, () => lockedTurn(deps, channel, conversationKey, options.safe ?? false));
}

/** The turn in a transaction holding the conversation's lock (see runTurn). */
function lockedTurn(deps: TurnDeps, channel: ChannelName, conversationKey: string, safe: boolean): Promise<TurnOutcome> {
  return deps.store.transactionOrRollback<TurnOutcome>(async (repos) => {
    const keep = (value: TurnOutcome) => ({ keep: true, value }) as const;
    let opened = await repos.turns.open(channel, conversationKey, { lock: true });
    const firstEvent = opened.pending[0];
    if (!firstEvent) return keep(NOTHING_WAITING);
    if (needsMedia(opened)) return keep(NEEDS_MEDIA);
    if (!opened.conversation) {
      await createConversation(repos, channel, conversationKey, firstEvent.message);
      opened = await repos.turns.open(channel, conversationKey, { lock: true });
      if (!opened.conversation || opened.pending.length === 0) return keep(NOTHING_WAITING);
    }
    const attempt = await takeTurn(deps, repos, opened, channel, conversationKey, { locked: true, safe });
    if (attempt.kind === 'needs-lock') throw new Error(`a turn of ${channel} ${conversationKey} asked for the lock it holds`);
    // Another turn handled these events while this one waited for the lock: undo this one.
    if (attempt.kind === 'moved') return { keep: false, value: attempt };
    return keep(attempt);
  });
}

function needsMedia(opened: OpenedTurn): boolean {
  // Photos are fetched outside any transaction (the platform may be slow): come back after.
  return opened.pending.some(({ message: { content } }) => content.kind === 'photo' && !content.attachmentId && content.media);
}

/**
 * One attempt at a turn over the waiting events, with or without the conversation's lock (see
 * Attempt). Without the lock, anything that writes beyond the turn itself is needs-lock, found
 * before anything is written.
 */
async function takeTurn(
  deps: TurnDeps,
  repos: Repos,
  opened: OpenedTurn,
  channel: ChannelName,
  conversationKey: string,
  mode: { locked: boolean; safe: boolean },
): Promise<Attempt> {
  const conversation = opened.conversation;
  if (!conversation) throw new Error(`a turn of ${channel} ${conversationKey} was taken before its conversation was created`);
  const now = deps.clock();
  const contacts = new Map<string, ContactRecord>();
  // In a one-to-one chat the sender is the conversation's contact, loaded with it.
  if (opened.contact) contacts.set(conversationKey, opened.contact);
  const contactOf = async (m: InboundMessage): Promise<ContactRecord | 'needs-lock'> => {
    // Never the chat's or anyone's contact: an anonymous member may be anyone in the group.
    if (m.anonymous) return anonymousContact(m);
    let c = contacts.get(m.userId);
    if (!c) {
      if (!mode.locked) {
        const known = await repos.contacts.find(channel, m.userId);
        if (!known) return 'needs-lock'; // a new person: their contact is created under the lock
        c = known;
      } else {
        c = await repos.contacts.identify(channel, m.userId, m.displayName, m.langHint ?? DEFAULT_LANG);
      }
      contacts.set(m.userId, c);
    }
    return c;
  };

  let state = readState(conversation.state);
  const startLang = state.lang;
  let blockedAt = conversation.blockedAt;
  const writer = new ConversationWriter(repos, conversation, deps.pushChannels.has(channel), now);
  // Waiting for a human (app/human-wait.ts): since when, and what the user was last told (read when needed).
  let waitingSince = conversation.mode === 'bot' ? conversation.humanRequestedAt : null;
  let lastSaid: LastSaid | null | undefined;
  const say = (reply: Reply, answering: InboundMessage) => {
    writer.outbound(reply, { lang: state.lang, answering });
    lastSaid = { at: now, text: reply.text, choices: reply.choices ?? null };
  };

  for (const { id, message } of opened.pending) {
    const found = await contactOf(message);
    if (found === 'needs-lock') return NEEDS_LOCK;
    let contact = found;
    const content = message.content;
    const entry = writer.inbound({
      // A typed start command is something the user said, not the opening of a session (which the web chat hides).
      kind: content.kind === 'start' && content.text !== undefined ? 'command' : content.kind === 'location' ? 'unsupported' : content.kind,
      text: transcriptText(content),
      attachmentId: content.kind === 'photo' ? (content.attachmentId ?? null) : null,
      inboundEventId: id,
    });
    if (content.kind === 'blocked') {
      if (!mode.locked) return NEEDS_LOCK;
      blockedAt = now;
      continue;
    }
    if (content.kind === 'unblocked') {
      blockedAt = null;
      if (!content.greet) continue;
    }
    // Someone who writes to us has not blocked us (whatever event about it we may have missed).
    blockedAt = null;
    state = settleLanguage(state, content); // a new conversation's first message may set its language
    if (content.kind === 'contact' && !contact.anonymous) {
      if (!mode.locked) return NEEDS_LOCK;
      contact = await sharePhone(repos, contact, content.phone);
      contacts.set(message.userId, contact);
    }
    if (mayBeStaffWork(content) && contact.staff && !mode.safe) {
      // A staff member's own chat: their ticket's buttons and their location are ticket commands, not the flow's.
      const staff = await repos.staff.byContact(contact.id);
      if (staff) {
        if (!mode.locked) return NEEDS_LOCK;
        const answer = await (deps.staffChat ?? defaultStaffChat(deps))(repos, { agent: staff, content, now });
        if (answer) {
          if (content.kind === 'choice') entry.text = await buttonLabel(repos, conversation.id, content.id);
          for (const reply of answer.replies) writer.outbound(reply, { lang: answer.lang, answering: message });
          lastSaid = undefined;
          continue;
        }
      }
    }
    let reportAt: VisitReply['report'];
    if (!contact.anonymous && !mode.safe) {
      // A satisfaction survey's button or comment (app/survey), else a return visit's answer (app/visits).
      const turn = { repos, conversation, state, content, now, locked: mode.locked, waiting: !!waitingSince };
      const aside: VisitReply | 'needs-lock' | null = (await surveyInTurn(deps, turn)) ?? (await visitInTurn(deps.catalog, turn));
      if (aside === 'needs-lock') return NEEDS_LOCK;
      if (aside) {
        if (aside.label) entry.text = aside.label;
        state = aside.state;
        for (const reply of aside.replies) say(reply, message);
        if (!aside.report) continue;
        reportAt = aside.report; // "report a fault": the report starts below, at the visit's school
      }
    }
    if (conversation.mode === 'human') {
      // A human owns the conversation: the bot is silent, and buttons of earlier questions are dead.
      if (content.kind === 'choice') entry.text = await buttonLabel(repos, conversation.id, content.id);
      continue;
    }
    if (waitingSince && !mode.safe) {
      // Waiting for a human: no flow runs; the message is for the agents (see human-wait.ts).
      lastSaid ??= await lastSaidOf(repos, conversation.id);
      const ctx = { lang: state.lang, now, requestedAt: waitingSince, lastSaid };
      const step = whileWaiting(deps.catalog.flowSet, toFlowInput(content), ctx);
      if (content.kind === 'choice') {
        entry.text = 'chosen' in step && step.chosen ? step.chosen : await buttonLabel(repos, conversation.id, content.id);
      }
      if (step.kind === 'back') {
        if (!mode.locked) return NEEDS_LOCK;
        await repos.conversations.withdrawHuman(conversation.id);
        await repos.notify({ type: 'queue', id: conversation.id });
        waitingSince = null;
        const back = handleInput(deps.catalog.flowSet, state, { kind: 'handback', notice: step.notice }, now);
        state = back.state;
        for (const reply of back.replies) say(reply, message);
        continue;
      }
      const since = formatTime(waitingSince, state.lang, deps.catalog.desk.desk.timeZone);
      const reply = waitReply(deps.catalog.flowSet, step, { ...ctx, since });
      if (reply) say(reply, message);
      continue;
    }

    let replies: Reply[];
    if (mode.safe) {
      if (content.kind === 'choice') entry.text = await buttonLabel(repos, conversation.id, content.id);
      // As the engine says a system text: settings.yaml provides it (flows:check), else its id.
      const flowError = deps.catalog.flowSet.settings.texts.flow_error;
      replies = [{ text: flowError ? render(flowError, state.lang) : 'flow_error' }];
      state = initialState(state.lang);
    } else {
      const ran = await runEngine(deps, repos, conversation, contact, state, message, now, mode.locked, reportAt);
      if (ran.kind === 'needs-lock') return ran;
      const result = ran.run;
      // A pressed button reads as its label, also one of an earlier question.
      if (result.chosen) entry.text = result.chosen;
      else if (content.kind === 'choice') entry.text = await buttonLabel(repos, conversation.id, content.id);
      state = result.state;
      replies = result.replies;
      if (result.merged) contacts.clear(); // the person was linked to another contact
      if (result.humanRequested) {
        waitingSince = now;
        // The agent who takes it reads the report in two lines (the LLM's, or from the facts).
        await repos.conversations.setSummary(conversation.id, handoverSummary(deps.catalog.desk, state));
      }
    }
    for (const reply of replies) say(reply, message);
  }

  if (blockedAt && !conversation.blockedAt) await repos.outbox.failPending(conversation.id, 'the user blocked the bot');
  const ids = opened.pending.map((p) => p.id);
  const marked = await writer.flush({
    state,
    blockedAt,
    processedIds: ids,
    ...(mode.locked ? {} : { expectedSeq: conversation.lastSeq }),
    ...(state.lang !== startLang ? { contactLang: { contactId: conversation.contactId, lang: state.lang } } : {}),
  });
  if (marked !== ids.length) return { kind: 'moved' };
  return { kind: 'done', processed: ids };
}
