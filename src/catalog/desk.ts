import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../domain/calendar.js';
import { ACCESSORIES, CAUSES, DEVICES, FACT_KEYS, SCOPES, SYMPTOMS } from '../domain/facts.js';
import { FirstAidFile } from './first-aid.js';
import { LocalText } from '../domain/i18n.js';
import { WARRANTY_DECISIONS } from '../domain/contract.js';
import { STATUSES } from '../domain/ticket-life.js';
import { type Problem, zodProblems } from '../domain/data-files.js';
import { parseYaml } from './yaml-file.js';
import { readFile } from 'node:fs/promises';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');

const DeskFile = z.strictObject({
  ticketPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/),
  defaultContract: z.string().min(1),
  timeZone: z.string().refine(isTimeZone, 'unknown time zone'),
  agentHours: z.strictObject({
    days: z.array(z.number().int().min(1).max(7)).min(1),
    from: Time,
    to: Time,
  }),
});
type DeskFile = z.infer<typeof DeskFile>;

export { STATUSES, type Status } from '../domain/ticket-life.js';

const LABEL_TEXTS = [
  'ticket_summary',
  'triage_summary',
  'triage_summary_event',
  'promise_response',
  'promise_response_later',
  'promise_on_site',
  'promise_repair',
  'promise_loaner',
  'price',
  'tickets_header',
  'ticket_line',
  'ticket_detail',
  'clock_response',
  'clock_on_site',
  'clock_repair',
  'clock_loaner',
  'clock_done',
  'clock_done_late',
  'clock_not_needed',
  'clock_paused',
  'clock_loaner_pending',
  'clock_left',
  'clock_overdue',
  'no_engineer',
  'engineer_with_time',
  'unknown_place',
  'unknown_device',
  'agents_soon',
  'agents_offline',
  'agents_ticket_promise',
  'notice_engineer_assigned',
  'notice_visit_scheduled',
  'notice_resolved',
  'notice_reopened',
  'notice_engineer_on_way',
  'notice_engineer_arrived',
  'notice_waiting_parts',
  'notice_loaner_delivered',
  'notice_manufacturer_escalated',
  'notice_warranty_changed',
  'notice_severity_changed',
  'notice_identity_linked',
  'link_undo_button',
  'link_entry',
  'channel_webchat',
  'channel_telegram',
  'channel_line',
  'transcript_start',
  'transcript_start_asset',
  'transcript_photo',
  'transcript_photo_caption',
  'transcript_blocked',
  'transcript_unblocked',
  'transcript_unsupported',
  'understood_facts',
  'summary_first',
  'summary_second',
  'summary_usable',
  'summary_unusable',
  'summary_event',
  'engineer_card',
  'engineer_card_link',
  'engineer_due',
  'engineer_clock_loaner',
  'engineer_unknown',
  'engineer_btn_accept',
  'engineer_btn_on_way',
  'engineer_btn_arrived',
  'engineer_btn_fixed',
  'engineer_btn_parts',
  'engineer_btn_loaner',
  'engineer_btn_escalate',
  'engineer_btn_hand_back',
  'engineer_btn_eta',
  'engineer_ask_eta',
  'engineer_did_accept',
  'engineer_did_on_way',
  'engineer_did_arrived',
  'engineer_did_fixed',
  'engineer_did_parts',
  'engineer_did_loaner',
  'engineer_did_escalate',
  'engineer_did_hand_back',
  'engineer_not_yours',
  'engineer_refused',
  'engineer_already',
  'engineer_location_none',
  'engineer_location_many',
  'alert_clock_warning',
  'alert_clock_breach',
  'alert_loaner_owed',
  'alert_clock_name_response',
  'alert_clock_name_on_site',
  'alert_clock_name_repair',
  'alert_clock_name_loaner',
  'alert_unassigned',
  'alert_raised',
  'alert_page_out_of_hours',
  'alert_page_event',
  'alert_unknown_place',
  'survey_question',
  'survey_reminder',
  'survey_score_5',
  'survey_score_4',
  'survey_score_3',
  'survey_score_2',
  'survey_score_1',
  'survey_ask_comment',
  'survey_ask_comment_low',
  'survey_skip',
  'survey_reopen',
  'survey_thanks',
  'survey_already',
  'survey_expired',
  'survey_reopened',
  'survey_reopen_refused',
  'survey_reopen_reason',
  'survey_which',
  'alert_satisfaction_low',
  'inspection_ticket_description',
  'alert_inspection_due',
  'alert_inspection_engineer',
  'alert_inspection_unassigned',
  'inspection_assigned',
  'inspection_btn_start',
  'inspection_btn_ok',
  'inspection_btn_fault',
  'inspection_btn_note',
  'inspection_btn_complete',
  'inspection_btn_unit_ok',
  'inspection_unit_ok',
  'inspection_started',
  'inspection_resume_words',
  'inspection_resumed',
  'inspection_note_kept',
  'inspection_summary_kept',
  'inspection_item',
  'inspection_ask_fault',
  'inspection_ask_note',
  'inspection_recorded',
  'inspection_ticket_opened',
  'inspection_photo_kept',
  'inspection_photo_none',
  'inspection_already',
  'inspection_summary',
  'inspection_done',
  'inspection_already_done',
  'inspection_already_started',
  'inspection_not_yours',
  'inspection_not_started',
  'inspection_items_left',
  'inspection_fault_undescribed',
  'inspection_ticket_still_open',
  'record_title',
  'record_number',
  'record_site',
  'record_contract',
  'record_due',
  'record_started',
  'record_completed',
  'record_engineer',
  'record_status',
  'record_col_no',
  'record_col_item',
  'record_col_where',
  'record_col_result',
  'record_col_note',
  'record_col_ticket',
  'record_site_wide',
  'record_unchecked',
  'record_summary',
  'record_counts',
  'record_sign_customer',
  'record_sign_date',
  'record_sign_engineer',
  'record_print',
  'record_status_planned',
  'record_status_in_progress',
  'record_status_done',
  'record_status_cancelled',
  'alert_satisfaction_comment',
  'visit_question',
  'visit_question_feedback',
  'visit_hello',
  'visit_hello_nameless',
  'visit_ok',
  'visit_fault',
  'visit_call',
  'visit_thanks',
  'visit_will_call',
  'visit_already',
  'visit_fault_start',
  'alert_visit_call',
  'room_devices_header',
  'room_device_in_warranty',
  'room_device_out_of_warranty',
  'room_device_unknown_warranty',
  'warranty_digest_header',
  'warranty_digest_line',
  'warranty_digest_link',
  'warranty_digest_where',
] as const;
export type LabelText = (typeof LABEL_TEXTS)[number];

/** Names of the facts a report collects and of their coded values (the device's are `devices`). */
const FactLabels = z.strictObject({
  names: z.record(z.enum(FACT_KEYS), LocalText),
  values: z.strictObject({
    accessory: z.record(z.enum(ACCESSORIES), LocalText),
    symptom: z.record(z.enum(SYMPTOMS), LocalText),
    cause: z.record(z.enum(CAUSES), LocalText),
    scope: z.record(z.enum(SCOPES), LocalText),
    /** usable and majorEvent: yes and no. */
    boolean: z.strictObject({ true: LocalText, false: LocalText }),
  }),
});

const LabelsFile = z.strictObject({
  devices: z.record(z.enum(DEVICES), LocalText),
  facts: FactLabels,
  warranty: z.record(z.enum(WARRANTY_DECISIONS), LocalText),
  statuses: z.record(z.enum(STATUSES), LocalText),
  texts: z.record(z.enum(LABEL_TEXTS), LocalText),
  /** A return visit's answers typed instead of pressed ("都正常", "call me"): whole messages, per language. */
  visitAnswers: z
    .strictObject({
      ok: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
      fault: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
      call: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
      /** Words a hurried answer may end with ("都正常，谢谢", "all good thanks"): not part of the answer. */
      courtesy: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }).optional(),
      /** Words a hurried answer may start with ("您好，都正常", "yes, all good"): not part of the answer. */
      openers: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }).optional(),
    })
    .optional(),
});
type LabelsFile = z.infer<typeof LabelsFile>;

const CannedRepliesFile = z.strictObject({
  replies: z.array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9_]*$/), title: LocalText, text: LocalText })),
});
type CannedRepliesFile = z.infer<typeof CannedRepliesFile>;

export interface Desk {
  readonly desk: DeskFile;
  readonly firstAid: FirstAidFile;
  readonly labels: LabelsFile;
  readonly canned: CannedRepliesFile['replies'];
}

/** A YAML data file checked with its schema; what is wrong goes to `problems`. */
export async function readChecked<T>(file: string, schema: z.ZodType<T>, problems: Problem[]): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push({ file, message: 'the file is missing' });
    return undefined;
  }
  const parsed = parseYaml(file, text);
  if (parsed.problems.length > 0) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const result = schema.safeParse(parsed.data);
  if (!result.success) {
    problems.push(...zodProblems(file, result.error));
    return undefined;
  }
  return result.data;
}

/** Reads flows/desk/: the desk settings, first-aid tips and labels. */
export async function loadDesk(dir: string): Promise<{ desk?: Desk; problems: Problem[] }> {
  const problems: Problem[] = [];
  const desk = await readChecked(path.join(dir, 'desk.yaml'), DeskFile, problems);
  const firstAid = await readChecked(path.join(dir, 'first-aid.yaml'), FirstAidFile, problems);
  const labels = await readChecked(path.join(dir, 'labels.yaml'), LabelsFile, problems);
  const canned = await readChecked(path.join(dir, 'canned-replies.yaml'), CannedRepliesFile, problems);
  if (!desk || !firstAid || !labels || !canned) return { problems };
  return { desk: { desk, firstAid, labels, canned: canned.replies }, problems };
}
