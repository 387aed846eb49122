/**
 * The built-in actions a flow may name, with the outcomes each can report and the inputs it needs.
 * The application implements them (src/app/actions/); the checker uses this list so that a flow
 * naming an unknown action, or routing an outcome that cannot happen, fails before start.
 */
export interface ActionSpec {
  readonly outcomes: readonly string[];
  readonly inputs: readonly string[];
  readonly optionalInputs?: readonly string[];
  /** The action changes stored data: its turn runs in a transaction holding the conversation's lock. */
  readonly writes?: true;
}

export const ACTIONS = {
  load_profile: { outcomes: ['known', 'unknown'], inputs: [] },
  save_profile: { writes: true, outcomes: ['ok'], inputs: ['site', 'room'], optionalInputs: ['name'] },
  list_sites: { outcomes: ['ok', 'none'], inputs: [] },
  list_rooms: { outcomes: ['ok', 'none'], inputs: ['site'] },
  list_assets: { outcomes: ['ok', 'none'], inputs: ['room'] },
  find_asset: { outcomes: ['found', 'not_found'], inputs: ['tag'] },
  triage: { outcomes: ['ok'], inputs: ['text'], optionalInputs: ['asset', 'site', 'device', 'cause', 'scope', 'usable', 'majorEvent'] },
  /** Tips by symptom, for the device kind or accessory when given (flows/desk/first-aid.yaml). */
  first_aid: { outcomes: ['tips', 'none'], inputs: ['symptom'], optionalInputs: ['device', 'accessory'] },
  create_ticket: {
    writes: true,
    outcomes: ['created'],
    inputs: ['triage', 'description'],
    optionalInputs: ['asset', 'site', 'room', 'photo', 'name'],
  },
  /** `anonymous`: the sender is not known (an anonymous group member): nobody's tickets are shown. */
  list_my_tickets: { outcomes: ['some', 'none', 'anonymous'], inputs: [] },
  ticket_detail: { outcomes: ['found', 'not_found'], inputs: ['number'] },
  request_human: { writes: true, outcomes: ['online', 'offline'], inputs: [], optionalInputs: ['reason'] },
  link_code_issue: { writes: true, outcomes: ['ok', 'anonymous', 'group'], inputs: [] },
  link_code_redeem: { writes: true, outcomes: ['linked', 'invalid', 'limited', 'anonymous', 'group'], inputs: ['code'] },
  link_list: { outcomes: ['some', 'none'], inputs: [] },
  link_undo: { writes: true, outcomes: ['undone', 'gone'], inputs: ['link'] },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

export function actionWrites(name: ActionName): boolean {
  return 'writes' in ACTIONS[name];
}

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}
