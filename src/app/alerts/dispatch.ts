import { consoleTicketUrl, dispatchCard } from '../engineer/card.js';
import type { AlertComposer } from './types.js';

/**
 * A dispatch (ticket_alerts kind 'dispatch', data {engineerId}): the engineer gets the ticket in
 * their own chat and language, with the buttons of their work on it. Cancelled when the ticket is
 * no longer theirs (dispatched to someone else, handed back) or already resolved.
 */
export function dispatchComposer(options: { readonly publicUrl?: string | undefined } = {}): AlertComposer {
  return async (alert, scene) => {
    const { ticket, repos } = scene;
    const engineerId = alert.data.engineerId;
    if (typeof engineerId !== 'string' || ticket.engineerId !== engineerId) {
      return { cancel: 'the ticket is no longer dispatched to this engineer' };
    }
    if (ticket.status === 'resolved' || ticket.status === 'closed') return { cancel: `the ticket is ${ticket.status}` };
    const agent = await repos.console.agents.get(engineerId);
    if (!agent?.active) return { cancel: 'the engineer account is not active' };
    const reporter = await repos.contacts.get(ticket.reporterId);
    const consoleUrl = options.publicUrl ? consoleTicketUrl(options.publicUrl, ticket.id) : null;
    const facts = { ticket, clocks: scene.clocks, reporter, consoleUrl };
    return { send: [{ agent, reply: (lang) => dispatchCard(scene.catalog, facts, lang) }] };
  };
}

/** The dispatch composer without a console link (a desk without PUBLIC_URL). */
export const composeDispatch: AlertComposer = dispatchComposer();
