import type { LabelText } from '../../catalog/desk.js';
import type { ClockKey } from '../../domain/clocks.js';
import { formatDuration } from '../../domain/duration.js';
import { fill, type Lang } from '../../domain/i18n.js';
import type { Agent } from '../../ports/console-store.js';
import type { TicketAlert } from '../../ports/operations.js';
import { formatTime } from '../present.js';
import type { AlertComposer, AlertComposers, AlertOutcome, AlertRecipient, AlertScene } from './types.js';

const CLOCK_NAME: Record<ClockKey, LabelText> = {
  response: 'alert_clock_name_response',
  onSite: 'alert_clock_name_on_site',
  repair: 'alert_clock_name_repair',
  loaner: 'alert_clock_name_loaner',
};

const DESCRIPTION_CHARS = 80;

/** One text of labels.yaml in a language, filled. */
function say(scene: AlertScene, id: LabelText, lang: Lang, values: Readonly<Record<string, string | number>>): string {
  return fill(scene.catalog.desk.labels.texts[id][lang], values);
}

/** What every staff message names: the ticket, where, and what is wrong (shortened). */
function ticketValues(scene: AlertScene, lang: Lang): Record<string, string> {
  const t = scene.ticket;
  const place = [t.site, t.room].filter((p): p is string => !!p).join(' ') || say(scene, 'alert_unknown_place', lang, {});
  const text = t.description.replace(/\s+/g, ' ').trim();
  const description = text.length > DESCRIPTION_CHARS ? `${text.slice(0, DESCRIPTION_CHARS - 1)}…` : text;
  return { number: t.number, place, description, severity: t.severity };
}

const time = (scene: AlertScene, at: Date, lang: Lang) => formatTime(at, lang, scene.catalog.desk.desk.timeZone);

/** Each active agent once, in the order given. */
function distinct(agents: readonly (Agent | null)[]): Agent[] {
  const byId = new Map<string, Agent>();
  for (const agent of agents) if (agent?.active && !byId.has(agent.id)) byId.set(agent.id, agent);
  return [...byId.values()];
}

async function engineerOf(scene: AlertScene): Promise<Agent | null> {
  return scene.ticket.engineerId ? scene.repos.console.agents.get(scene.ticket.engineerId) : null;
}

/** The same words for every recipient, in each one's language. */
function toAll(agents: readonly Agent[], text: (lang: Lang) => string): AlertOutcome {
  const recipients: AlertRecipient[] = agents.map((agent) => ({ agent, reply: (lang) => ({ text: text(lang) }) }));
  return { send: recipients, summary: text };
}

/**
 * A clock's warning point (engineer and coordinators): "time left" before the due time, the breach
 * at 100%, the loaner owed at 0%. Cancelled when the clock no longer runs or its due time moved.
 */
export const clockComposer: AlertComposer = async (alert, scene) => {
  const key = alert.data.clock as ClockKey;
  const percent = Number(alert.data.percent);
  const clock = scene.clocks.find((c) => c.key === key);
  const running = clock && (clock.state === 'running' || clock.state === 'breached') && !clock.stoppedAt && clock.dueAt;
  if (!clock?.dueAt || !running) return { cancel: `the ${key} clock is no longer running` };
  if (clock.dueAt.toISOString() !== alert.data.dueAt) return { cancel: `the ${key} clock's due time moved` };
  const due = clock.dueAt;
  // A warning still waiting when its clock is already due is overtaken by the breach (its own row).
  if (percent < 100 && !(key === 'loaner' && percent === 0) && scene.now.getTime() >= due.getTime())
    return { cancel: `the ${key} clock is already due: the breach is told instead` };
  const recipients = distinct([await engineerOf(scene), ...(await scene.repos.staff.coordinators())]);
  return toAll(recipients, (lang) => {
    const values = { ...ticketValues(scene, lang), clock: say(scene, CLOCK_NAME[key], lang, {}), due: time(scene, due, lang) };
    if (key === 'loaner' && percent === 0) return say(scene, 'alert_loaner_owed', lang, values);
    const left = due.getTime() - scene.now.getTime();
    if (percent >= 100 || left <= 0) return say(scene, 'alert_clock_breach', lang, values);
    const minutes = Math.max(60_000, Math.ceil(left / 60_000) * 60_000);
    return say(scene, 'alert_clock_warning', lang, { ...values, left: formatDuration(minutes, lang) });
  });
};

/**
 * Who is paged: the staff on duty now; with nobody on the roster, the coordinators (an urgent
 * ticket is never told to no one).
 */
async function onDutyOrCoordinators(scene: AlertScene): Promise<Agent[]> {
  const onDuty = distinct(await scene.repos.roster.onDuty(scene.now));
  return onDuty.length > 0 ? onDuty : distinct(await scene.repos.staff.coordinators());
}

/** An A or B ticket nobody has (the on-duty staff); cancelled once someone has it or it had its response. */
export const unassignedComposer: AlertComposer = async (_alert, scene) => {
  const t = scene.ticket;
  if (t.assigneeId || t.engineerId) return { cancel: 'the ticket has been taken' };
  const response = scene.clocks.find((c) => c.key === 'response');
  if (!response?.dueAt || response.stoppedAt || (response.state !== 'running' && response.state !== 'breached'))
    return { cancel: 'the ticket has had its response' };
  const due = response.dueAt;
  return toAll(await onDutyOrCoordinators(scene), (lang) =>
    say(scene, 'alert_unassigned', lang, { ...ticketValues(scene, lang), due: time(scene, due, lang) }),
  );
};

/** A severity raise (clause 5.14): the engineer, the coordinators and the on-duty staff. */
export const raisedComposer: AlertComposer = async (alert, scene) => {
  const reason = alert.data.reason as Partial<Record<Lang, string>> | undefined;
  const recipients = distinct([
    await engineerOf(scene),
    ...(await scene.repos.staff.coordinators()),
    ...(await scene.repos.roster.onDuty(scene.now)),
  ]);
  return toAll(recipients, (lang) =>
    say(scene, 'alert_raised', lang, {
      ...ticketValues(scene, lang),
      from: String(alert.data.from),
      to: String(alert.data.to),
      reason: reason?.[lang] ?? '',
    }),
  );
};

/** A page to the on-duty staff (or the coordinators): an urgent ticket out of the agents' hours, or a fault during a declared event. */
export const pageComposer: AlertComposer = async (alert: TicketAlert, scene) => {
  const event = typeof alert.data.event === 'string' ? alert.data.event : null;
  const response = scene.clocks.find((c) => c.key === 'response');
  const due = response?.dueAt ?? scene.now;
  return toAll(await onDutyOrCoordinators(scene), (lang) => {
    const values = { ...ticketValues(scene, lang), due: time(scene, due, lang) };
    return event ? say(scene, 'alert_page_event', lang, { ...values, event }) : say(scene, 'alert_page_out_of_hours', lang, values);
  });
};

/**
 * The composers of what the desk tells staff of their tickets' clocks. Composition adds the
 * engineer's dispatch (see compose/alerts.ts) to make the worker's registry.
 */
export function staffComposers(): AlertComposers {
  return { clock: clockComposer, unassigned: unassignedComposer, raised: raisedComposer, page: pageComposer };
}
