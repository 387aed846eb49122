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
  /** The school and room a typed text names (src/flows/understand/places.ts). */
  find_place: { outcomes: ['room', 'rooms', 'site', 'none'], inputs: ['text'], optionalInputs: ['site', 'hint'] },
  /** The device a typed text names: a tag, or a kind of device matched against the room's assets. */
  find_device: { outcomes: ['found', 'several', 'kind', 'not_found'], inputs: ['text'], optionalInputs: ['room', 'kind'] },
  /** The facts a text states (usable, cause, scope…): those understood (`facts`), else read with the triage word lists. */
  read_facts: { outcomes: ['ok'], inputs: ['text'], optionalInputs: ['facts'] },
  /** A first message read by the desk's extractor: `llm` when the LLM read it (its facts fill the report), else `rules`. */
  understand_report: { outcomes: ['llm', 'rules'], inputs: ['text'], optionalInputs: ['name'] },
  /** The understood facts with the teacher's corrections, one a line, to confirm. */
  describe_facts: { outcomes: ['ok'], inputs: [], optionalInputs: ['understood', 'cause', 'usable', 'scope', 'majorEvent'] },
  triage: {
    outcomes: ['ok'],
    inputs: ['text'],
    optionalInputs: ['asset', 'site', 'device', 'cause', 'scope', 'usable', 'majorEvent', 'understood', 'name', 'room', 'photo'],
  },
  /** Tips by symptom, for the device kind or accessory when given (flows/desk/first-aid.yaml). */
  first_aid: { outcomes: ['tips', 'none'], inputs: ['symptom'], optionalInputs: ['device', 'accessory'] },
  /** The tips solved it, no ticket: recorded for the reports (audit_log "first_aid.solved"). */
  first_aid_solved: { writes: true, outcomes: ['ok'], inputs: [], optionalInputs: ['site', 'asset', 'symptom'] },
  create_ticket: {
    writes: true,
    outcomes: ['created'],
    inputs: ['triage', 'description'],
    optionalInputs: ['asset', 'site', 'room', 'photo', 'name', 'unknownTag'],
  },
  /** `anonymous`: the sender is not known (an anonymous group member): nobody's tickets are shown. */
  list_my_tickets: { outcomes: ['some', 'none', 'anonymous'], inputs: [] },
  ticket_detail: { outcomes: ['found', 'not_found'], inputs: ['number'] },
  /** What free text typed where nothing is asked means (flows/intents.yaml). */
  classify_intent: { outcomes: ['still_broken', 'status', 'thanks', 'my_room', 'report'], inputs: ['text'] },
  /** The room's devices of the register (retired ones left out), each with its warranty, to report a fault on. */
  room_devices: { outcomes: ['some', 'none'], inputs: ['room'], optionalInputs: ['site'] },
  /** The sender's newest open ticket, or (unless `open`) one resolved or closed within the recent days; `none` when `text` names another device. */
  recent_ticket: { outcomes: ['found', 'none'], inputs: [], optionalInputs: ['open', 'text'] },
  /** The newest open ticket on a device, whoever reported it. */
  open_ticket_on_asset: { outcomes: ['found', 'none'], inputs: ['asset'] },
  /** Reopens a resolved or closed ticket with the text as the reason; `not_reopened` when it is not one. */
  reopen_ticket: { writes: true, outcomes: ['reopened', 'not_reopened'], inputs: ['number', 'text'], optionalInputs: ['photo'] },
  /** Adds the text (and photo) to a ticket as the reporter's addition; the console shows it at once. */
  add_to_ticket: { writes: true, outcomes: ['added', 'not_found'], inputs: ['number', 'text'], optionalInputs: ['photo'] },
  request_human: { writes: true, outcomes: ['online', 'offline'], inputs: [], optionalInputs: ['reason'] },
  link_code_issue: { writes: true, outcomes: ['ok', 'anonymous', 'group'], inputs: [] },
  link_code_redeem: { writes: true, outcomes: ['linked', 'staff_linked', 'staff_app', 'invalid', 'limited', 'anonymous', 'group'], inputs: ['code'] },
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
