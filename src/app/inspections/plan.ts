import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { parseLocalDate } from '../../domain/calendar.js';
import { todayIn } from '../../domain/after-service.js';
import { fill, type Lang } from '../../domain/i18n.js';
import { buildChecklist, noticeAt, roundsToPlan } from '../../domain/inspection.js';
import type { Agent } from '../../ports/console-store.js';
import type { Inspection } from '../../ports/inspections.js';
import type { AfterServicePlanner } from '../after-service/planner.js';
import type { SiteWorkComposer, SiteWorkComposers } from '../alerts/types.js';
import { startButton } from './buttons.js';

/**
 * Plans each site's inspections from its contract (GX-EDU 5.17 quarterly, CG-CULTURE 4.5.1 every
 * six months, counted from the site's first acceptance): the round in progress and the next one
 * get a planned inspection with its checklist, and a notice to the coordinators and the engineer
 * `noticeBefore` ahead (09:00 in the contract's zone). Unique by (site, due date): planned once.
 */
export const planInspections: AfterServicePlanner = async (r, catalog, now) => {
  for (const site of await r.places.afterServiceSites()) {
    const contract = catalog.contracts.get(site.contractId);
    if (!site.firstAcceptedOn || !contract) continue;
    const rules = contract.afterService.inspections;
    const anchor = parseLocalDate(site.firstAcceptedOn, contract.timeZone);
    if (!anchor) continue;
    const rounds = roundsToPlan(anchor, rules, todayIn(contract.timeZone, now));
    const known = new Set((await r.inspections.list({ siteId: site.id, dueFrom: rounds[0], dueTo: rounds.at(-1) })).map((i) => i.dueOn));
    const missing = rounds.filter((d) => !known.has(d));
    if (missing.length === 0) continue;
    const items = buildChecklist(rules.checklist, await r.inspections.siteAssets(site.id));
    for (const dueOn of missing) {
      const planned = await r.inspections.plan({ siteId: site.id, contractId: contract.id, dueOn, items, year: Number(dueOn.slice(0, 4)) });
      if (!planned) continue;
      await r.alerts.addSiteWork({
        key: `inspection_due:${planned.id}`,
        kind: 'inspection_due',
        at: noticeAt(dueOn, rules.noticeBefore, contract.timeZone),
        data: { inspectionId: planned.id },
      });
    }
  }
};

const say = (catalog: Catalog, lang: Lang, id: LabelText, values: Readonly<Record<string, string | number>>) =>
  fill(catalog.desk.labels.texts[id][lang], values);

/** The inspection a site work row is about, while it is still to be done (else why not). */
async function stillOpen(repos: Parameters<SiteWorkComposer>[1]['repos'], id: unknown): Promise<Inspection | string> {
  const inspection = typeof id === 'string' ? await repos.inspections.get(id) : null;
  if (!inspection) return 'no such inspection';
  if (inspection.status === 'done' || inspection.status === 'cancelled') return `the inspection is ${inspection.status}`;
  return inspection;
}

function facts(catalog: Catalog, inspection: Inspection) {
  const clause = catalog.contracts.get(inspection.contractId)?.afterService.inspections.clause ?? '';
  return { number: inspection.number, site: inspection.siteName, date: inspection.dueOn, clause, count: inspection.items.length };
}

/** The notice (kind 'inspection_due'): every coordinator and the engineer, who also gets "Start inspection". */
const inspectionDue: SiteWorkComposer = async (alert, scene) => {
  const { repos, catalog } = scene;
  const inspection = await stillOpen(repos, alert.data.inspectionId);
  if (typeof inspection === 'string') return { cancel: inspection };
  const engineer = inspection.engineerId ? await repos.console.agents.get(inspection.engineerId) : null;
  const values = facts(catalog, inspection);
  const text = (lang: Lang) =>
    say(catalog, lang, 'alert_inspection_due', {
      ...values,
      engineer: engineer
        ? say(catalog, lang, 'alert_inspection_engineer', { name: engineer.displayName })
        : say(catalog, lang, 'alert_inspection_unassigned', {}),
    });
  const coordinators: Agent[] = (await repos.staff.coordinators()).filter((a) => a.active && a.id !== engineer?.id);
  const send = coordinators.map((agent) => ({ agent, reply: (lang: Lang) => ({ text: text(lang) }) }));
  if (engineer?.active) {
    send.push({ agent: engineer, reply: (lang: Lang) => ({ text: text(lang), choices: [startButton(catalog, inspection.number, lang)] }) });
  }
  return { send, summary: text };
};

/** The engineer's card (kind 'inspection_assigned', data {inspectionId, agentId}): cancelled once reassigned or closed. */
const inspectionAssigned: SiteWorkComposer = async (alert, scene) => {
  const { repos, catalog } = scene;
  const inspection = await stillOpen(repos, alert.data.inspectionId);
  if (typeof inspection === 'string') return { cancel: inspection };
  if (inspection.engineerId !== alert.data.agentId) return { cancel: 'the inspection is assigned to someone else' };
  const engineer = await repos.console.agents.get(inspection.engineerId ?? '');
  if (!engineer?.active) return { cancel: 'the engineer account is not active' };
  const text = (lang: Lang) => say(catalog, lang, 'inspection_assigned', facts(catalog, inspection));
  return {
    send: [{ agent: engineer, reply: (lang: Lang) => ({ text: text(lang), choices: [startButton(catalog, inspection.number, lang)] }) }],
    summary: text,
  };
};

/** Inspection site work for the alerts worker's registry (compose/alerts.ts). */
export function inspectionComposers(): SiteWorkComposers {
  return { inspection_due: inspectionDue, inspection_assigned: inspectionAssigned };
}
