import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import type { Clock, ClockKey } from '../../domain/clocks.js';
import { type Lang, render } from '../../domain/i18n.js';
import type { Reply } from '../../flows/input.js';
import type { TicketDetail } from '../../ports/console-store.js';
import type { ContactRecord } from '../../ports/store.js';
import { deviceLabel, formatTime, severityName } from '../present.js';
import { actionButtons, ENGINEER_ACTIONS } from './buttons.js';

const CLOCK_NAMES: Readonly<Record<ClockKey, LabelText>> = {
  response: 'clock_response',
  onSite: 'clock_on_site',
  repair: 'clock_repair',
  loaner: 'engineer_clock_loaner',
};

/** "On site: by 12 Oct 16:00" — a clock's name without its "{state}" part, and its due time. */
function dueLine(catalog: Catalog, clock: Clock & { dueAt: Date }, lang: Lang): string {
  const texts = catalog.desk.labels.texts;
  const name = render(texts[CLOCK_NAMES[clock.key]], lang, { state: '' })
    .replace(/[:：]\s*$/, '')
    .trim();
  return render(texts.engineer_due, lang, { clock: name, due: formatTime(clock.dueAt, lang, catalog.desk.desk.timeZone) });
}

export interface CardFacts {
  readonly ticket: TicketDetail;
  /** The ticket's clocks now: the running ones' due times are shown. */
  readonly clocks: readonly Clock[];
  readonly reporter: ContactRecord | null;
  /** The ticket in the console, when the desk has a public address. */
  readonly consoleUrl: string | null;
}

/**
 * The ticket as its engineer gets it in their chat: number, school, room, device, severity (with
 * the contract), warranty, the teacher and their phone, the problem, the photos, the due times of
 * the clocks that run — and every button of their work on it.
 */
export function dispatchCard(catalog: Catalog, facts: CardFacts, lang: Lang): Reply {
  const { ticket, reporter } = facts;
  const labels = catalog.desk.labels;
  const unknown = render(labels.texts.engineer_unknown, lang);
  const contract = catalog.contracts.get(ticket.contractId);
  const device = ticket.asset ? `${render(deviceLabel(catalog.desk, ticket.asset.kind), lang)} ${ticket.asset.tag}` : unknown;
  const running = facts.clocks.filter((c): c is Clock & { dueAt: Date } => c.state === 'running' && c.dueAt !== null);
  const text = render(labels.texts.engineer_card, lang, {
    number: ticket.number,
    severity: render(severityName(catalog.contracts, ticket.contractId, ticket.severity), lang),
    contract: contract ? render(contract.name, lang) : ticket.contractId,
    site: ticket.site ?? unknown,
    room: ticket.room ?? unknown,
    device,
    warranty: render(labels.warranty[ticket.warranty], lang),
    teacher: reporter?.name ?? ticket.reporterName ?? unknown,
    phone: reporter?.phone ?? unknown,
    description: ticket.description,
    photos: ticket.attachments.length,
    link: facts.consoleUrl ? render(labels.texts.engineer_card_link, lang, { url: facts.consoleUrl }) : '',
    clocks: running.map((c) => dueLine(catalog, c, lang)).join('\n'),
  });
  return { text: text.trimEnd(), choices: actionButtons(catalog.desk, ticket.number, ENGINEER_ACTIONS, lang) };
}

/** The ticket's page in the console under the desk's public address. */
export function consoleTicketUrl(publicUrl: string, ticketId: string): string {
  return new URL(`/console#/tickets/${ticketId}`, publicUrl).toString();
}
