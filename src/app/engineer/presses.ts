import type { Catalog } from '../../catalog/catalog.js';
import type { Status } from '../../catalog/desk.js';
import { type Lang, render } from '../../domain/i18n.js';
import type { ChannelName, InboundContent } from '../../domain/messages.js';
import type { EngineerCommand, Location } from '../../domain/ticket-life.js';
import type { Reply } from '../../flows/input.js';
import type { Agent, TicketSummary } from '../../ports/console-store.js';
import type { Repos } from '../../ports/store.js';
import { Conflict, Forbidden, NotFound } from '../permissions.js';
import { formatTime } from '../present.js';
import type { ConsoleTicketCommand } from '../ticket-service.js';
import { actionButtons, actionLabel, type EngineerAction, etaButtons, nextActions, parseStaffButton, type StaffPress } from './buttons.js';

/** Applies a command to a ticket in the caller's transaction (TicketService.commandIn). */
export type TicketCommander = (r: Repos, agent: Agent, id: string, command: ConsoleTicketCommand, now: Date) => Promise<ChannelName | null>;

/** What a staff member sent in their own chat, as the turn hands it over. */
export interface StaffMessage {
  readonly agent: Agent;
  readonly content: InboundContent;
  readonly now: Date;
}

/** The answer to the staff member, in their language. */
export interface StaffAnswer {
  readonly lang: Lang;
  readonly replies: readonly Reply[];
}

/** Handles what is for it (a ticket's button, a location); null: not for it, the flow takes the message. */
export type StaffChat = (r: Repos, message: StaffMessage) => Promise<StaffAnswer | null>;

/**
 * What a staff member's own chat may handle before the flow: a button (a ticket's, an
 * inspection's), a location, and text or a photo (an inspection line's note). The turn asks only
 * in a staff account's linked chat (the contact it loads says so).
 */
export function mayBeStaffWork(content: InboundContent): boolean {
  return content.kind === 'choice' || content.kind === 'location' || content.kind === 'text' || content.kind === 'photo';
}

type Did = 'accept' | 'on_way' | 'arrived' | 'fixed' | 'parts' | 'loaner' | 'escalate' | 'hand_back';

/** The command of each press ("fixed" and "needs parts" are moves; "on my way" waits for its estimate). */
function commandOf(press: StaffPress, now: Date, location?: Location): { command: ConsoleTicketCommand; did: Did } | null {
  if (press.action === 'eta') return { command: { kind: 'on_way', eta: new Date(now.getTime() + press.minutes * 60_000) }, did: 'on_way' };
  const engineer: Partial<Record<EngineerAction, EngineerCommand>> = {
    accept: { kind: 'accept' },
    arrived: { kind: 'check_in', location },
    loaner: { kind: 'loaner_delivered' },
    escalate: { kind: 'escalate_manufacturer' },
    hand_back: { kind: 'hand_back' },
  };
  if (press.action === 'fixed') return { command: { kind: 'move', to: 'resolved' }, did: 'fixed' };
  if (press.action === 'parts') return { command: { kind: 'move', to: 'waiting_parts' }, did: 'parts' };
  const command = engineer[press.action];
  return command ? { command, did: press.action } : null;
}

/**
 * An engineer's work from their own chat: each button of a ticket dispatched to them is a ticket
 * command (TicketService.commandIn, in the turn's transaction: a ticket event the console sees
 * live, and the teacher told in their language and channel). A shared location checks in on the one
 * ticket waiting for it. A press on someone else's ticket, or one the lifecycle refuses, is answered
 * and changes nothing.
 */
export function engineerChat(catalog: Catalog, commandIn: TicketCommander): StaffChat {
  const texts = catalog.desk.labels.texts;
  const tz = catalog.desk.desk.timeZone;

  return async (r, { agent, content, now }) => {
    const lang = agent.lang;
    const say = (text: string, choices: Reply['choices'] = []): StaffAnswer => ({
      lang,
      replies: [choices.length > 0 ? { text, choices } : { text }],
    });

    /** The ticket of this number dispatched to this engineer, if it is. */
    const theirs = async (number: string): Promise<TicketSummary | null> => {
      const found = await r.console.tickets.list({ engineerId: agent.id, query: number, limit: 20 });
      return found.find((t) => t.number === number) ?? null;
    };

    const apply = async (ticket: TicketSummary, press: StaffPress, location?: Location): Promise<StaffAnswer> => {
      const values = { number: ticket.number, now: formatTime(now, lang, tz) };
      const action: EngineerAction = press.action === 'eta' ? 'on_way' : press.action;
      const mapped = commandOf(press, now, location);
      if (!mapped) return say(render(texts.engineer_not_yours, lang, values));
      try {
        await commandIn(r, agent, ticket.id, mapped.command, now);
      } catch (error) {
        if (error instanceof Forbidden || error instanceof NotFound) return say(render(texts.engineer_not_yours, lang, values));
        if (!(error instanceof Conflict)) throw error;
        const label = actionLabel(catalog.desk, action, lang);
        if (error.code === 'unchanged') return say(render(texts.engineer_already, lang, { ...values, action: label }));
        const state = await r.console.tickets.lockState(ticket.id);
        const status = render(catalog.desk.labels.statuses[state?.status ?? ticket.status], lang);
        const next = state ? nextActions(state.status, state.loanerDeliveredAt !== null) : [];
        return say(
          render(texts.engineer_refused, lang, { ...values, status, action: label }),
          actionButtons(catalog.desk, ticket.number, next, lang),
        );
      }
      const after = await r.console.tickets.lockState(ticket.id);
      const status: Status = after?.status ?? ticket.status;
      const next = after?.engineerId === agent.id ? nextActions(status, after.loanerDeliveredAt !== null) : [];
      const eta = mapped.command.kind === 'on_way' ? formatTime(mapped.command.eta, lang, tz) : '';
      const did = DID_TEXTS[mapped.did];
      return say(render(texts[did], lang, { ...values, eta }), actionButtons(catalog.desk, ticket.number, next, lang));
    };

    if (content.kind === 'location') {
      const waiting = (await r.console.tickets.list({ engineerId: agent.id, status: 'on_site_dispatched', limit: 10 })).sort((a, b) =>
        a.number.localeCompare(b.number),
      );
      const [only] = waiting;
      if (!only) return say(render(texts.engineer_location_none, lang));
      if (waiting.length > 1) {
        return say(render(texts.engineer_location_many, lang, { count: waiting.length, numbers: waiting.map((t) => t.number).join(', ') }));
      }
      return apply(only, { number: only.number, action: 'arrived' }, { latitude: content.latitude, longitude: content.longitude });
    }
    if (content.kind !== 'choice') return null;
    const press = parseStaffButton(content.id);
    if (!press) return null;
    const ticket = await theirs(press.number);
    if (!ticket) return say(render(texts.engineer_not_yours, lang, { number: press.number }));
    if (press.action === 'on_way') {
      // The estimate comes with the next press: a button per estimate, each a whole command.
      if (ticket.status !== 'on_site_dispatched') {
        const status = render(catalog.desk.labels.statuses[ticket.status], lang);
        const label = actionLabel(catalog.desk, 'on_way', lang);
        return say(render(texts.engineer_refused, lang, { number: ticket.number, status, action: label }));
      }
      return say(render(texts.engineer_ask_eta, lang, { number: ticket.number }), etaButtons(catalog.desk, ticket.number, lang));
    }
    return apply(ticket, press);
  };
}

const DID_TEXTS = {
  accept: 'engineer_did_accept',
  on_way: 'engineer_did_on_way',
  arrived: 'engineer_did_arrived',
  fixed: 'engineer_did_fixed',
  parts: 'engineer_did_parts',
  loaner: 'engineer_did_loaner',
  escalate: 'engineer_did_escalate',
  hand_back: 'engineer_did_hand_back',
} as const satisfies Record<Did, string>;
