import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { inWindows, nextWindowSlot, roundSlot } from '../../domain/after-service.js';
import { parseLocalDate } from '../../domain/calendar.js';
import { fill, type Lang } from '../../domain/i18n.js';
import type { Reply } from '../../flows/input.js';
import type { NewVisit } from '../../ports/return-visits.js';
import type { SiteWorkComposer, TeacherMessage } from '../alerts/types.js';
import { VISIT_ANSWERS, VISIT_TEXT, visitButtonId } from './buttons.js';

export const say = (catalog: Catalog, id: LabelText, lang: Lang, values: Readonly<Record<string, string | number>> = {}) =>
  fill(catalog.desk.labels.texts[id][lang], values);

/** A visit waits until its teacher has not written for this long (not right after their ticket's confirmation). */
export const VISIT_QUIET_MS = 10 * 60_000;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The visit's question with its three buttons: all fine, report a fault, call me. */
export function visitQuestion(
  catalog: Catalog,
  visit: { id: string; site: string; clause: string; name: string | null; wording: 'visit' | 'feedback' },
  lang: Lang,
): Reply {
  const text = visit.wording === 'feedback' ? 'visit_question_feedback' : 'visit_question';
  // "Hello Ms Lin!", or "Hello!" for a teacher the desk has no name of (never "Hello !").
  const name = visit.name?.trim();
  const hello = name ? say(catalog, 'visit_hello', lang, { name }) : say(catalog, 'visit_hello_nameless', lang);
  return {
    text: say(catalog, text, lang, { hello, site: visit.site, clause: visit.clause }),
    choices: VISIT_ANSWERS.map((answer) => ({ id: visitButtonId(visit.id, answer), label: say(catalog, VISIT_TEXT[answer], lang) })),
  };
}

/**
 * A site's return visit round ('visit' site work): inside the contract's windows, the question to
 * each of the site's contact teachers in their most recent conversation, and a return_visits row
 * each ('sent' with the message's place; 'undelivered' for a teacher nobody can write to, or one
 * with no contact when the site has no contact teacher). Claimed outside the windows: later.
 * Each question waits for its teacher to have been quiet for VISIT_QUIET_MS (the worker holds the row).
 * A round that has waited for busy teachers longer than the contract's answerWithin since its first
 * slot goes to the others: the busy ones get 'undelivered' rows (listed to phone).
 */
export const composeVisit: SiteWorkComposer = async (alert, { repos, catalog, now }) => {
  const siteId = str(alert.data.siteId);
  const roundOn = str(alert.data.roundOn);
  const contract = catalog.contracts.get(str(alert.data.contractId));
  if (!contract) return { cancel: `no contract ${str(alert.data.contractId)}` };
  const visits = contract.afterService.returnVisits;
  if (!inWindows(visits, contract.timeZone, now)) return { later: nextWindowSlot(visits, contract.timeZone, now) };
  const site = (await repos.places.listSites()).find((s) => s.id === siteId);
  if (!site) return { cancel: 'the site is gone' };
  if (await repos.returnVisits.roundWritten(siteId, roundOn)) return { cancel: 'the round was written already' };
  const round = parseLocalDate(roundOn, contract.timeZone);
  const overdue = round !== null && now.getTime() - roundSlot(round, visits, contract.timeZone).getTime() > visits.answerWithin;
  const teachers: TeacherMessage[] = [];
  const rows: NewVisit[] = [];
  const base = { siteId, contractId: contract.id, roundOn };
  for (const teacher of await repos.returnVisits.contactTeachers(siteId)) {
    const id = randomUUID();
    const conversationId = teacher.conversationId;
    rows.push({ ...base, id, contactId: teacher.contactId, conversationId, status: 'undelivered', sentAt: null, messageSeq: null });
    if (!conversationId || teachers.some((m) => m.conversationId === conversationId)) continue;
    const question = { id, site: site.label, clause: visits.clause, name: teacher.name, wording: visits.wording };
    const reply = (lang: Lang) => visitQuestion(catalog, question, lang);
    teachers.push({ conversationId, reply, quietMs: VISIT_QUIET_MS, ifBusy: overdue ? 'skip' : 'wait' });
  }
  if (rows.length === 0)
    rows.push({ ...base, id: randomUUID(), contactId: null, conversationId: null, status: 'undelivered', sentAt: null, messageSeq: null });
  return {
    send: [],
    teachers,
    summary: (lang) =>
      visitQuestion(catalog, { id: '', site: site.label, clause: visits.clause, name: null, wording: visits.wording }, lang).text,
    recorded: async (written) => {
      // Written: 'sent' with the message's place; a conversation that was not there: undelivered.
      const done = rows.map((row): NewVisit => {
        const at = row.conversationId ? written.get(row.conversationId) : undefined;
        return at ? { ...row, status: 'sent', sentAt: now, messageSeq: at.seq } : { ...row, conversationId: null };
      });
      await repos.returnVisits.add(done);
    },
  };
};

/** A teacher pressed "call me" ('visit_call' site work): every coordinator, in their own chat. */
export const composeVisitCall: SiteWorkComposer = async (alert, { repos, catalog }) => {
  const visit = await repos.returnVisits.get(str(alert.data.visitId));
  if (!visit) return { cancel: 'the visit is gone' };
  const site = (await repos.places.listSites()).find((s) => s.id === visit.siteId);
  const contact = visit.contactId ? await repos.contacts.get(visit.contactId) : null;
  const coordinators = (await repos.staff.coordinators()).filter((a) => a.active);
  const text = (lang: Lang) =>
    say(catalog, 'alert_visit_call', lang, {
      site: site?.label ?? say(catalog, 'alert_unknown_place', lang),
      name: contact?.name ?? '—',
      phone: contact?.phone ?? '—',
    });
  return { send: coordinators.map((agent) => ({ agent, reply: (lang: Lang) => ({ text: text(lang) }) })), summary: text };
};
