import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { fill, type Lang, render } from '../../domain/i18n.js';
import type { Reply } from '../../flows/input.js';
import type { Agent } from '../../ports/console-store.js';
import type { TicketRecord } from '../../ports/store.js';
import { deviceLabel } from '../present.js';
import type { AlertComposer, AlertComposers } from '../alerts/types.js';
import { EXPIRES_AFTER_MS, isScore, REMIND_AFTER_MS, SCORE_TEXT, SCORES, surveyButtonId } from './buttons.js';

const say = (catalog: Catalog, id: LabelText, lang: Lang, values: Readonly<Record<string, string | number>> = {}) =>
  fill(catalog.desk.labels.texts[id][lang], values);

/** What a ticket was about, for a teacher with several: its place and device ("明湖小学 三年级二班 一体机"), else its description's start. */
export type TicketAbout = Pick<TicketRecord, 'place' | 'asset' | 'description'>;
export function aboutTicket(catalog: Catalog, ticket: TicketAbout | null, lang: Lang): string {
  if (!ticket) return '';
  const device = ticket.asset ? render(deviceLabel(catalog.desk, ticket.asset.kind), lang) : '';
  const about = [ticket.place, device].filter((p): p is string => !!p).join(' ');
  if (about) return about;
  const text = ticket.description.trim();
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

/** The question (or its reminder) with the five levels as buttons (inline keyboard, quick reply, web chat buttons). */
export function surveyQuestion(
  catalog: Catalog,
  number: string,
  text: 'survey_question' | 'survey_reminder',
  lang: Lang,
  ticket: TicketAbout | null,
): Reply {
  return {
    text: say(catalog, text, lang, { number, about: aboutTicket(catalog, ticket, lang) }),
    choices: SCORES.map((score) => ({
      id: surveyButtonId({ number, action: 'score', score }),
      label: say(catalog, SCORE_TEXT[score], lang),
    })),
  };
}

/** The question ('survey') and the one reminder ('survey_reminder'): cancelled once answered or expired. */
function asking(reminder: boolean): AlertComposer {
  return async (_alert, scene) => {
    const catalog = scene.catalog;
    const survey = await scene.repos.surveys.ofTicket(scene.ticket.id);
    if (!survey) return { cancel: 'the ticket has no survey' };
    if (survey.answeredAt) return { cancel: 'the survey is answered' };
    if (scene.ticket.status !== 'resolved' && scene.ticket.status !== 'closed') return { cancel: 'the ticket was reopened' };
    if (scene.now.getTime() >= survey.expiresAt.getTime()) return { cancel: 'the survey has expired' };
    // The reminder follows the question by a day, even when the question itself went late (the teacher was busy).
    const remindFrom = reminder ? (survey.askedAt ?? scene.now).getTime() + REMIND_AFTER_MS : 0;
    if (remindFrom > scene.now.getTime()) return { later: new Date(remindFrom) };
    // Seven days to answer from the question, even one that went late.
    const expiresAt = new Date(Math.max(survey.expiresAt.getTime(), scene.now.getTime() + EXPIRES_AFTER_MS));
    await scene.repos.surveys.markAsked(survey.id, scene.now, reminder, reminder ? undefined : expiresAt);
    const text = reminder ? 'survey_reminder' : 'survey_question';
    const about = await scene.repos.tickets.findByNumber(survey.ticketNumber);
    return {
      send: [],
      teacher: { conversationId: survey.conversationId, reply: (lang) => surveyQuestion(catalog, survey.ticketNumber, text, lang, about) },
    };
  };
}

/**
 * A low score (不满意, 非常不满意): every coordinator, in their own chat, with the teacher's comment
 * when there is one ('satisfaction_low'); the comment written after the score was sent follows on
 * its own ('satisfaction_comment').
 */
function lowScore(text: 'alert_satisfaction_low' | 'alert_satisfaction_comment'): AlertComposer {
  return async (alert, scene) => {
    const catalog = scene.catalog;
    const score = Number(alert.data.score);
    if (!isScore(score)) return { cancel: `no such score: ${String(alert.data.score)}` };
    // The comment, when the teacher wrote it before the row was sent.
    const comment = (await scene.repos.surveys.ofTicket(scene.ticket.id))?.comment ?? '';
    if (text === 'alert_satisfaction_comment' && !comment) return { cancel: 'the survey has no comment' };
    // The score's alert carries the comment: its own row is not needed any more.
    if (text === 'alert_satisfaction_low' && comment) await scene.repos.alerts.sync(scene.ticket.id, ['satisfaction_comment'], []);
    const t = scene.ticket;
    const coordinators: Agent[] = (await scene.repos.staff.coordinators()).filter((a) => a.active);
    const line = (lang: Lang) =>
      say(catalog, text, lang, {
        number: t.number,
        place: [t.site, t.room].filter((p): p is string => !!p).join(' ') || say(catalog, 'alert_unknown_place', lang),
        score: say(catalog, SCORE_TEXT[score], lang),
        comment: comment ? `「${comment}」` : '',
      });
    return { send: coordinators.map((agent) => ({ agent, reply: (lang: Lang) => ({ text: line(lang) }) })), summary: line };
  };
}

/** The survey's kinds for the alerts worker's registry (compose/alerts.ts). */
export function surveyComposers(): AlertComposers {
  return {
    survey: asking(false),
    survey_reminder: asking(true),
    satisfaction_low: lowScore('alert_satisfaction_low'),
    satisfaction_comment: lowScore('alert_satisfaction_comment'),
  };
}
