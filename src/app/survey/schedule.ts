import type { DailyWindow } from '../../domain/quiet-hours.js';
import type { Repos } from '../../ports/store.js';
import { surveyTimes } from './buttons.js';

const SURVEY_KINDS = ['survey', 'survey_reminder'] as const;

/**
 * A ticket just solved: its one survey (unless it had one: a ticket solved again after a reopen is
 * not asked twice; one reopened before the question went is asked when solved again) and the two rows the alerts worker sends, the question and the reminder, both
 * at moments the teacher's quiet hours allow. Runs in the transaction that solved the ticket.
 */
export async function surveyOnResolved(
  r: Repos,
  ticket: { readonly id: string; readonly conversationId: string | null; readonly engineerId: string | null },
  now: Date,
  quietHours: DailyWindow | undefined,
  timeZone: string,
): Promise<void> {
  if (!ticket.conversationId) return;
  const times = surveyTimes(now, quietHours, timeZone);
  const added = await r.surveys.add({
    ticketId: ticket.id,
    conversationId: ticket.conversationId,
    engineerId: ticket.engineerId,
    expiresAt: times.expiresAt,
  });
  if (!added) return;
  // A survey reopened before its question went: its cancelled rows come back with the new times.
  await r.alerts.sync(ticket.id, SURVEY_KINDS, [
    { key: 'survey', kind: 'survey', at: times.askAt, data: {} },
    { key: 'survey_reminder', kind: 'survey_reminder', at: times.remindAt, data: {} },
  ]);
}
