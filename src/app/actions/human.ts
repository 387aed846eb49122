import { isOpen, nextOpening } from '../../domain/hours.js';
import type { LocalText } from '../../domain/i18n.js';
import { OPEN_STATUSES } from '../../domain/ticket-life.js';
import type { ContactRecord, Repos, TicketRecord } from '../../ports/store.js';
import { formatTime, labelText } from '../present.js';
import type { ActionHandler } from './context.js';

/** An agent counts as signed in while their console was seen this recently. */
const PRESENCE_MS = 2 * 60_000;

const OPEN: readonly string[] = OPEN_STATUSES;

/** The teacher's open ticket whose first human response is still due: the soonest due, if any. */
export async function promisedTicket(repos: Repos, contact: ContactRecord, now: Date): Promise<TicketRecord | null> {
  if (contact.anonymous) return null;
  const waiting = (await repos.tickets.listByReporter(contact.id, 20)).filter(
    (t) => OPEN.includes(t.status) && t.respondedAt === null && t.responseDueAt > now,
  );
  waiting.sort((a, b) => a.responseDueAt.getTime() - b.responseDueAt.getTime());
  return waiting[0] ?? null;
}

/** Sentences in both languages, one after the other (English ones separated by a space, and followed by one). */
function sentences(parts: readonly LocalText[]): LocalText {
  return { 'zh-CN': parts.map((p) => p['zh-CN']).join(''), en: parts.map((p) => `${p.en} `).join('') };
}

/**
 * Records that the user wants a human: the conversation joins the agents' queue and the bot stays
 * quiet until one answers (app/human-wait.ts). Says what the wait will be: when no agent is signed
 * in, at the next opening of the agents' hours, or as soon as one signs in when it is within them;
 * and, when the teacher has an open ticket still waiting for its first response, the time the
 * contract promises it by.
 */
export const requestHuman: ActionHandler = async ({ repos, conversation, contact, catalog, now }) => {
  await repos.conversations.requestHuman(conversation.id, now);
  await repos.notify({ type: 'queue', id: conversation.id });
  const online = (await repos.console.agents.online(new Date(now.getTime() - PRESENCE_MS))) > 0;
  const { agentHours, timeZone } = catalog.desk.desk;
  const parts: LocalText[] = [];
  if (!online && isOpen(agentHours, timeZone, now)) parts.push(labelText(catalog.desk, 'agents_soon', () => ({})));
  if (!online && !isOpen(agentHours, timeZone, now)) {
    const next = nextOpening(agentHours, timeZone, now);
    parts.push(
      labelText(catalog.desk, 'agents_offline', (lang) => ({
        from: agentHours.from,
        to: agentHours.to,
        next: formatTime(next, lang, timeZone),
      })),
    );
  }
  const ticket = await promisedTicket(repos, contact, now);
  if (ticket) {
    parts.push(
      labelText(catalog.desk, 'agents_ticket_promise', (lang) => ({
        number: ticket.number,
        due: formatTime(ticket.responseDueAt, lang, timeZone),
      })),
    );
  }
  return { outcome: online ? 'online' : 'offline', value: { text: sentences(parts) } };
};
