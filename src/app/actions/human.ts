import { isOpen, nextOpening } from '../../domain/hours.js';
import { formatTime, labelText } from '../present.js';
import type { ActionHandler } from './context.js';

/** An agent counts as signed in while their console was seen this recently. */
const PRESENCE_MS = 2 * 60_000;

/**
 * Records that the user wants a human (the conversation joins the agents' queue). When no agent
 * is signed in, says when one will answer: at the next opening of the agents' hours, or as soon as
 * one signs in when it is within them.
 */
export const requestHuman: ActionHandler = async ({ repos, conversation, catalog, now }) => {
  await repos.conversations.requestHuman(conversation.id, now);
  await repos.notify({ type: 'queue', id: conversation.id });
  if ((await repos.console.agents.online(new Date(now.getTime() - PRESENCE_MS))) > 0) return { outcome: 'online', value: { text: '' } };
  const { agentHours, timeZone } = catalog.desk.desk;
  if (isOpen(agentHours, timeZone, now)) {
    return { outcome: 'offline', value: { text: labelText(catalog.desk, 'agents_soon', () => ({})) } };
  }
  const next = nextOpening(agentHours, timeZone, now);
  const text = labelText(catalog.desk, 'agents_offline', (lang) => ({
    from: agentHours.from,
    to: agentHours.to,
    next: formatTime(next, lang, timeZone),
  }));
  return { outcome: 'offline', value: { text } };
};
