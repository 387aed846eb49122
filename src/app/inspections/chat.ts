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
import { completeInspection, contractOf, type InspectionWork, markLine, startInspection } from './work.js';

type Values = Readonly<Record<string, string | number>>;

/**
 * An inspection filled in from the engineer's own chat: "Start inspection", then one message per
 * line (name, hint, asset and room) with OK / Fault / Note; Fault and Note ask for a line of text
 * (the engineer's next message; a fault's ticket opens with it); a photo goes with the line being
 * written or last checked; after the last line the summary and "Complete". Every press names its
 * inspection and line, so a repeated one is answered "already recorded" and changes nothing.
 */
export function inspectionChat(work: InspectionWork): StaffChat {
  const catalog = work.catalog;
  return async (r, { agent, content, now }) => {
    const lang = agent.lang;
    const text = (id: LabelText, values: Values = {}) => fill(catalog.desk.labels.texts[id][lang], values);
    const answer = (...replies: Reply[]): StaffAnswer => ({ lang, replies });

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
          return answer({ text: opening }, await nextStep(r, catalog, inspection, lang));
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
        const outcome = await markLine(r, work, agent, found.id, index, { result: press.result }, now);
        const inspection = outcome.inspection;
        const name = lineName(catalog, inspection, index, lang);
        const line = inspection.items[index];
        if (!outcome.changed) {
          const said = text('inspection_already', { name, result: resultLabel(catalog, press.result, lang) });
          return answer({ text: said }, await nextStep(r, catalog, inspection, lang));
        }
        if (line && awaitingNote(inspection.items) === index) {
          return answer({ text: text(press.result === 'fault' ? 'inspection_ask_fault' : 'inspection_ask_note', { name }) });
        }
        return answer({ text: recorded(catalog, inspection, index, press.result, lang) }, await nextStep(r, catalog, inspection, lang));
      } catch (error) {
        if (error instanceof Forbidden || error instanceof NotFound || error instanceof Invalid) return notYours;
        if (!(error instanceof Conflict)) throw error;
        if (error.code === 'done') return answer({ text: text('inspection_already_done', { number: found.number }) });
        if (error.code === 'items_left') {
          const fresh = (await r.inspections.get(found.id)) ?? found;
          const left = fresh.items.filter((i) => i.result === null).length;
          return answer({ text: text('inspection_items_left', { number: found.number, left }) }, await nextStep(r, catalog, fresh, lang));
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
      const waiting = mine.find((i) => awaitingNote(i.items) !== null);
      if (!waiting) return null;
      const index = awaitingNote(waiting.items) ?? 0;
      const outcome = await markLine(r, work, agent, waiting.id, index, { note: content.text }, now);
      const result = outcome.inspection.items[index]?.result ?? 'note';
      const said = recorded(catalog, outcome.inspection, index, result, lang);
      const opened = outcome.ticket ? ` ${text('inspection_ticket_opened', { ticket: outcome.ticket.number })}` : '';
      return answer({ text: said + opened }, await nextStep(r, catalog, outcome.inspection, lang));
    }
    const photo = content.attachmentId;
    const target = mine.find((i) => currentLine(i.items) !== null);
    if (!photo || !target) return mine.length > 0 && photo ? answer({ text: text('inspection_photo_none') }) : null;
    const index = currentLine(target.items) ?? 0;
    const caption = content.caption?.trim();
    const waitingNote = awaitingNote(target.items) === index && caption;
    const outcome = await markLine(r, work, agent, target.id, index, { photos: [photo], ...(waitingNote ? { note: caption } : {}) }, now);
    const name = lineName(catalog, outcome.inspection, index, lang);
    const kept = text('inspection_photo_kept', { name });
    if (!waitingNote) return answer({ text: kept });
    const opened = outcome.ticket ? ` ${text('inspection_ticket_opened', { ticket: outcome.ticket.number })}` : '';
    return answer({ text: kept + opened }, await nextStep(r, catalog, outcome.inspection, lang));
  };
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
  let where = '';
  if (line?.assetId) {
    const asset = (await r.inspections.siteAssets(inspection.siteId)).find((a) => a.id === line.assetId);
    if (asset) where = ` — ${asset.tag}${asset.room ? `（${asset.room}）` : ''}`;
  }
  const values = {
    index: index + 1,
    count: progress.total,
    name: item?.name[lang] ?? line?.item ?? '',
    where,
    hint: item?.hint?.[lang] ?? '',
  };
  return { text: fill(texts.inspection_item[lang], values).trim(), choices: lineButtons(catalog, inspection.number, index, lang) };
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
