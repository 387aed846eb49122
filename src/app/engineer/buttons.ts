import type { Desk, LabelText } from '../../catalog/desk.js';
import { formatDuration } from '../../domain/duration.js';
import { type Lang, render } from '../../domain/i18n.js';
import type { Status } from '../../domain/ticket-life.js';

/**
 * The buttons of a ticket in its engineer's chat. Each id says everything the press needs
 * (`staff:<ticket number>:<action>`, an arrival estimate as `staff:<number>:eta.<minutes>`): a press
 * of an old message still names its ticket, and the ticket's state decides whether it may apply.
 */
export const STAFF_PREFIX = 'staff:';

export const ENGINEER_ACTIONS = ['accept', 'on_way', 'arrived', 'fixed', 'parts', 'loaner', 'escalate', 'hand_back'] as const;
export type EngineerAction = (typeof ENGINEER_ACTIONS)[number];

/** The arrival estimates offered after "on my way". */
export const ETA_MINUTES = [30, 60, 120] as const;
/** The longest estimate a button may carry (a hand-made id beyond it is refused). */
const MAX_ETA_MINUTES = 12 * 60;

export type StaffPress =
  | { readonly number: string; readonly action: EngineerAction }
  | { readonly number: string; readonly action: 'eta'; readonly minutes: number };

const LABELS: Readonly<Record<EngineerAction, LabelText>> = {
  accept: 'engineer_btn_accept',
  on_way: 'engineer_btn_on_way',
  arrived: 'engineer_btn_arrived',
  fixed: 'engineer_btn_fixed',
  parts: 'engineer_btn_parts',
  loaner: 'engineer_btn_loaner',
  escalate: 'engineer_btn_escalate',
  hand_back: 'engineer_btn_hand_back',
};

export const isStaffButton = (id: string): boolean => id.startsWith(STAFF_PREFIX);

/** Reads a button id; null when it is not one of ours (or names no ticket, or an estimate out of range). */
export function parseStaffButton(id: string): StaffPress | null {
  const match = /^staff:([A-Za-z0-9-]{1,40}):([a-z_]+)(?:\.(\d{1,4}))?$/.exec(id);
  if (!match) return null;
  const [, number = '', action = '', minutes] = match;
  if (action === 'eta') {
    const m = Number(minutes);
    return minutes !== undefined && m >= 1 && m <= MAX_ETA_MINUTES ? { number, action: 'eta', minutes: m } : null;
  }
  if (minutes !== undefined) return null;
  return (ENGINEER_ACTIONS as readonly string[]).includes(action) ? { number, action: action as EngineerAction } : null;
}

export function actionLabel(desk: Desk, action: EngineerAction, lang: Lang): string {
  return render(desk.labels.texts[LABELS[action]], lang);
}

export function actionButtons(desk: Desk, number: string, actions: readonly EngineerAction[], lang: Lang) {
  return actions.map((action) => ({ id: `${STAFF_PREFIX}${number}:${action}`, label: actionLabel(desk, action, lang) }));
}

/** 30 min / 1 h / 2 h, each carrying its minutes. */
export function etaButtons(desk: Desk, number: string, lang: Lang) {
  return ETA_MINUTES.map((minutes) => ({
    id: `${STAFF_PREFIX}${number}:eta.${minutes}`,
    label: render(desk.labels.texts.engineer_btn_eta, lang, { duration: formatDuration(minutes * 60_000, lang) }),
  }));
}

/** What the engineer may do next on a ticket in this state (the lifecycle still decides each press). */
export function nextActions(status: Status, loanerDelivered: boolean): EngineerAction[] {
  const loaner: EngineerAction[] = loanerDelivered ? [] : ['loaner'];
  switch (status) {
    case 'on_site_dispatched':
      return ['on_way', 'arrived', 'hand_back'];
    case 'engineer_on_site':
      return ['fixed', 'parts', ...loaner, 'escalate'];
    case 'waiting_parts':
      return ['fixed', ...loaner, 'escalate'];
    default:
      return [];
  }
}
