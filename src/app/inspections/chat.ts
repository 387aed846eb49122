import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { fill, type Lang } from '../../domain/i18n.js';
import { awaitingNote, checklistItem, currentLine, type InspectionResult, progressOf } from '../../domain/inspection.js';
import type { Reply } from '../../flows/input.js';
import type { Inspection } from '../../ports/inspections.js';
import type { Repos } from '../../ports/store.js';
import type { StaffAnswer, StaffChat } from '../engineer/presses.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../permissions.js';
import { completeButton, lineButtons, parseInspectionButton, resultLabel, startButton } from './buttons.js';
import {
  addToSummary,
  completeInspection,
  contractOf,
  type InspectionWork,
  markLine,
  markUnitOk,
  startInspection,
  undescribedFault,
} from './work.js';

type Values = Readonly<Record<string, string | number>>;

/** How long after the engineer's last change free text is still taken for the inspection (a note of the line asked). */
export const INSPECTION_TEXT_WINDOW_MS = 2 * 60 * 60_000;

/**
 * An inspection filled in from the engineer's own chat: "Start inspection", then one message per
 * line (name, hint, asset and room) with OK / Fault / Note; Fault and Note ask for a line of text
 * (the engineer's next message; a fault's ticket opens with it); a photo goes with the line being
 * written, or the one just described, or the one asked; after the last line the summary and
 * "Complete". Each answer is one message: what was recorded, then the next line with its buttons.
 * Every press names its inspection and line, so a repeated one is answered "already recorded" and
 * changes nothing. Text typed without a press while the inspection is under way is kept as the
 * note of the line asked (its buttons again); "巡检" / "inspection" shows where it stands (LINE's
 * buttons are gone once anything else is said).
 */
export function inspectionChat(work: InspectionWork): StaffChat {
  const catalog = work.catalog;
  return async (r, { agent, content, now }) => {
    const lang = agent.lang;
    const text = (id: LabelText, values: Values = {}) => fill(catalog.desk.labels.texts[id][lang], values);
    const answer = (...replies: Reply[]): StaffAnswer => ({ lang, replies });
    const opened = (ticket: { readonly number: string } | null) =>
      ticket ? ` ${text('inspection_ticket_opened', { ticket: ticket.number })}` : '';

    if (content.kind === 'choice') {
      const press = parseInspectionButton(content.id);
      if (!press) return null;
      const found = await r.inspections.byNumber(press.number);
      const notYours = answer({ text: text('inspection_not_yours', { number: press.number }) });
      if (found?.engineerId !== agent.id || found.status === 'cancelled') return notYours;
      try {
        if (press.action === 'start') {
          const { inspection, started } = await startInspection(r, agent, found.id, now);
          const opening = started
            ? text('inspection_started', { number: inspection.number, count: inspection.items.length })
            : text('inspection_already_started', { number: inspection.number });
          return answer(after(opening, await nextStep(r, catalog, inspection, lang)));
        }
        if (press.action === 'complete') {
          const { inspection, completed } = await completeInspection(r, work, agent, found.id, undefined, now);
          return answer({ text: text(completed ? 'inspection_done' : 'inspection_already_done', { number: inspection.number }) });
        }
        if (found.status === 'planned')
          return answer({
            text: text('inspection_not_started', { number: found.number }),
            choices: [startButton(catalog, found.number, lang)],
          });
        const index = press.line - 1;
        if (press.action === 'unit_ok') {
          const { inspection, marked } = await markUnitOk(r, agent, found.id, index, now);
          const tag = (await lineWhere(r, inspection, index)).replace(/^ — /, '');
          const said =
            marked > 0
              ? text('inspection_unit_ok', { tag, count: marked })
              : text('inspection_already', { name: tag, result: resultLabel(catalog, 'ok', lang) });
          return answer(after(said, await nextStep(r, catalog, inspection, lang)));
        }
        const outcome = await markLine(r, work, agent, found.id, index, { result: press.result }, now);
        const inspection = outcome.inspection;
        const name = lineName(catalog, inspection, index, lang);
        const line = inspection.items[index];
        // Fault or Note (pressed now, or again) on a line whose text has not come: ask for it.
        if (line && awaitingNote(inspection.items) === index) {
          return answer({ text: text(press.result === 'fault' ? 'inspection_ask_fault' : 'inspection_ask_note', { name }) });
        }
        const stillOpen = outcome.stillOpen ? ` ${text('inspection_ticket_still_open', { ticket: outcome.stillOpen.number })}` : '';
        const said = outcome.changed
          ? recorded(catalog, inspection, index, press.result, lang) + opened(outcome.ticket) + stillOpen
          : text('inspection_already', { name, result: resultLabel(catalog, press.result, lang) });
        return answer(after(said, await nextStep(r, catalog, inspection, lang)));
      } catch (error) {
        if (error instanceof Invalid && error.code === 'fault_undescribed') return askFault(r, catalog, found.id, lang);
        if (error instanceof Forbidden || error instanceof NotFound || error instanceof Invalid) return notYours;
        if (!(error instanceof Conflict)) throw error;
        if (error.code === 'done') return answer({ text: text('inspection_already_done', { number: found.number }) });
        if (error.code === 'items_left') {
          const fresh = (await r.inspections.get(found.id)) ?? found;
          const left = fresh.items.filter((i) => i.result === null).length;
          return answer(after(text('inspection_items_left', { number: found.number, left }), await nextStep(r, catalog, fresh, lang)));
        }
        return notYours;
      }
    }

    if (content.kind !== 'text' && content.kind !== 'photo') return null;
    // Free text or a photo: for the line of the engineer's inspection in progress that is waiting for it.
    const mine = (await r.inspections.list({ engineerId: agent.id, status: 'in_progress', limit: 20 })).sort(
      (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime(),
    );
    if (content.kind === 'text') {
      if (isResumeWord(catalog, content.text)) return resume(r, catalog, agent.id, mine, lang);
      const waiting = mine.find((i) => awaitingNote(i.items) !== null);
      if (!waiting) {
        // Typed without pressing Note, while the inspection is under way: the note of the line asked.
        const busy = mine[0];
        if (!busy || now.getTime() - busy.updatedAt.getTime() > INSPECTION_TEXT_WINDOW_MS) return null;
        const asked = progressOf(busy.items).next;
        if (asked === null) {
          // Every line checked: the text is the summary of the record, and Complete comes again.
          const summed = await addToSummary(r, agent, busy.id, content.text, now);
          return answer(
            after(text('inspection_summary_kept', { summary: summed.summary ?? '' }), await nextStep(r, catalog, summed, lang)),
          );
        }
        const before = busy.items[asked]?.note;
        const note = before ? `${before}\n${content.text.trim()}` : content.text;
        const outcome = await markLine(r, work, agent, busy.id, asked, { note }, now);
        const step = await nextStep(r, catalog, outcome.inspection, lang);
        const kept = text('inspection_note_kept', { name: lineName(catalog, outcome.inspection, asked, lang) });
        return answer({ ...step, text: `${kept}\n${step.text}` });
      }
      const index = awaitingNote(waiting.items) ?? 0;
      const outcome = await markLine(r, work, agent, waiting.id, index, { note: content.text }, now);
      const result = outcome.inspection.items[index]?.result ?? 'note';
      const said = recorded(catalog, outcome.inspection, index, result, lang) + opened(outcome.ticket);
      return answer(after(said, await nextStep(r, catalog, outcome.inspection, lang)));
    }
    const photo = content.attachmentId;
    const target = mine.find((i) => currentLine(i.items) !== null);
    if (!photo || !target) return mine.length > 0 && photo ? answer({ text: text('inspection_photo_none') }) : null;
    const index = currentLine(target.items) ?? 0;
    const caption = content.caption?.trim();
    const waitingNote = awaitingNote(target.items) === index && caption;
    const outcome = await markLine(r, work, agent, target.id, index, { photos: [photo], ...(waitingNote ? { note: caption } : {}) }, now);
    const name = lineName(catalog, outcome.inspection, index, lang);
    const kept = text('inspection_photo_kept', { name, index: index + 1, where: await lineWhere(r, outcome.inspection, index) });
    if (!waitingNote) return answer({ text: kept });
    return answer(after(kept + opened(outcome.ticket), await nextStep(r, catalog, outcome.inspection, lang)));
  };
}

/**
 * Complete pressed while a fault still has no description: not complete; the fault is named and its
 * description asked (the engineer's next text is it, and opens its ticket; Complete comes again).
 */
async function askFault(r: Repos, catalog: Catalog, id: string, lang: Lang): Promise<StaffAnswer> {
  const inspection = await r.inspections.get(id);
  const index = inspection ? undescribedFault(inspection) : null;
  if (!inspection || index === null) return { lang, replies: [] };
  const texts = catalog.desk.labels.texts;
  const name = lineName(catalog, inspection, index, lang);
  const why = fill(texts.inspection_fault_undescribed[lang], { number: inspection.number, index: index + 1, name });
  const ask = fill(texts.inspection_ask_fault[lang], { name: name + (await lineWhere(r, inspection, index)) });
  return { lang, replies: [{ text: `${why}\n\n${ask}` }] };
}

/** One message: what was just recorded, then the next step (its text and buttons). */
const after = (said: string, step: Reply): Reply => ({ ...step, text: `${said}\n\n${step.text}` });

/** "巡检", "inspection": the words that bring the inspection back (either language). */
function isResumeWord(catalog: Catalog, typed: string): boolean {
  const normal = (s: string) => s.trim().replace(/^\//, '').toLowerCase();
  const words = Object.values(catalog.desk.labels.texts.inspection_resume_words).flatMap((w) => w.split(/[,，]/).map(normal));
  return words.includes(normal(typed));
}

/** Where the engineer's inspection stands, with the line asked and its buttons; or the Start of one assigned; null when none. */
async function resume(
  r: Repos,
  catalog: Catalog,
  engineerId: string,
  mine: readonly Inspection[],
  lang: Lang,
): Promise<StaffAnswer | null> {
  const texts = catalog.desk.labels.texts;
  // The inspection with a line waiting for its text first (the engineer's next text is that text).
  const current = mine.find((i) => awaitingNote(i.items) !== null) ?? mine[0];
  if (current) {
    const p = progressOf(current.items);
    const where = fill(texts.inspection_resumed[lang], { number: current.number, checked: p.checked, count: p.total });
    const waiting = awaitingNote(current.items);
    if (waiting !== null) {
      const ask = current.items[waiting]?.result === 'fault' ? texts.inspection_ask_fault : texts.inspection_ask_note;
      const name = lineName(catalog, current, waiting, lang) + (await lineWhere(r, current, waiting));
      return { lang, replies: [{ text: `${where}\n\n${fill(ask[lang], { name })}` }] };
    }
    return { lang, replies: [after(where, await nextStep(r, catalog, current, lang))] };
  }
  const planned = (await r.inspections.list({ engineerId, status: 'planned', limit: 20 })).sort((a, b) =>
    a.dueOn.localeCompare(b.dueOn),
  )[0];
  if (!planned) return null;
  const card = fill(texts.inspection_not_started[lang], { number: planned.number });
  return { lang, replies: [{ text: card, choices: [startButton(catalog, planned.number, lang)] }] };
}

/** " — FX-PNL-0003（录播教室）": the asset and room of a line ("" for a site-wide one). */
async function lineWhere(r: Repos, inspection: Inspection, index: number): Promise<string> {
  const line = inspection.items[index];
  if (!line?.assetId) return '';
  const asset = (await r.inspections.siteAssets(inspection.siteId)).find((a) => a.id === line.assetId);
  return asset ? ` — ${asset.tag}${asset.room ? `（${asset.room}）` : ''}` : '';
}

/** "Recorded: Touch (P-0102, 101): Fault." */
function recorded(catalog: Catalog, inspection: Inspection, index: number, result: InspectionResult, lang: Lang): string {
  return fill(catalog.desk.labels.texts.inspection_recorded[lang], {
    name: lineName(catalog, inspection, index, lang),
    result: resultLabel(catalog, result, lang),
  });
}

/** The checklist item's name of a line. */
function lineName(catalog: Catalog, inspection: Inspection, index: number, lang: Lang): string {
  const line = inspection.items[index];
  const item = line ? checklistItem(contractOf(catalog, inspection).afterService.inspections.checklist, line) : null;
  return item?.name[lang] ?? line?.item ?? '';
}

/** The next line to check with its buttons, or (every line checked) the summary with "Complete". */
export async function nextStep(r: Repos, catalog: Catalog, inspection: Inspection, lang: Lang): Promise<Reply> {
  const progress = progressOf(inspection.items);
  const texts = catalog.desk.labels.texts;
  if (progress.next === null) {
    const notes = inspection.items.filter((i) => i.result === 'note').length;
    const values = {
      number: inspection.number,
      count: progress.total,
      ok: progress.checked - progress.faults - notes,
      faults: progress.faults,
      notes,
    };
    return { text: fill(texts.inspection_summary[lang], values), choices: [completeButton(catalog, inspection.number, lang)] };
  }
  const index = progress.next;
  const line = inspection.items[index];
  const item = line ? checklistItem(contractOf(catalog, inspection).afterService.inspections.checklist, line) : null;
  const values = {
    index: index + 1,
    count: progress.total,
    name: item?.name[lang] ?? line?.item ?? '',
    where: await lineWhere(r, inspection, index),
    hint: item?.hint?.[lang] ?? '',
  };
  const unit = line?.assetId ? inspection.items.filter((i) => i.assetId === line.assetId && i.result === null).length > 1 : false;
  return { text: fill(texts.inspection_item[lang], values).trim(), choices: lineButtons(catalog, inspection.number, index, lang, unit) };
}

/** Tries each chat in turn: the first that takes the message answers it. */
export function staffChats(...chats: readonly StaffChat[]): StaffChat {
  return async (r, message) => {
    for (const chat of chats) {
      const answer = await chat(r, message);
      if (answer) return answer;
    }
    return null;
  };
}
