import { isOpen, nextOpening } from '../../domain/hours.js';
import { formatTime, labelText } from '../present.js';
import type { ActionHandler } from './context.js';

/** Records that the user wants a human; outside agents' hours, says when they will answer. */
export const requestHuman: ActionHandler = async ({ repos, conversation, catalog, now }) => {
  await repos.conversations.requestHuman(conversation.id, now);
  const { agentHours, timeZone } = catalog.desk.desk;
  if (isOpen(agentHours, timeZone, now)) return { outcome: 'online', value: { text: '' } };
  const next = nextOpening(agentHours, timeZone, now);
  const text = labelText(catalog.desk, 'agents_offline', (lang) => ({ from: agentHours.from, to: agentHours.to, next: formatTime(next, lang, timeZone) }));
  return { outcome: 'offline', value: { text } };
};
