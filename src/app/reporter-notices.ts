import type { Catalog } from '../catalog/catalog.js';
import { type LocalText, render } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import { type ReporterNotice, URGENT_NOTICES } from '../domain/ticket-life.js';
import { type DailyWindow, sendableAt } from '../domain/quiet-hours.js';
import type { Repos } from '../ports/store.js';
import { chatLang } from './chat-lang.js';
import { ConversationWriter } from './conversation-writer.js';
import { writeDeskNotices } from './desk-notice.js';
import { formatTime } from './present.js';

const NOTICE_TEXT = {
  engineer_assigned: 'notice_engineer_assigned',
  visit_scheduled: 'notice_visit_scheduled',
  resolved: 'notice_resolved',
  reopened: 'notice_reopened',
  engineer_on_way: 'notice_engineer_on_way',
  engineer_arrived: 'notice_engineer_arrived',
  waiting_parts: 'notice_waiting_parts',
  loaner_delivered: 'notice_loaner_delivered',
  manufacturer_escalated: 'notice_manufacturer_escalated',
  warranty_changed: 'notice_warranty_changed',
  severity_changed: 'notice_severity_changed',
} as const satisfies Record<ReporterNotice, string>;

export interface NoticeScene {
  readonly repos: Repos;
  readonly catalog: Catalog;
  readonly pushChannels: ReadonlySet<ChannelName>;
  readonly now: Date;
  /**
   * The teachers' quiet hours (QUIET_HOURS): a notice the desk starts itself waits for the window,
   * except the urgent ones (URGENT_NOTICES: the engineer is on the way or at the door). Absent: all go at once.
   */
  readonly quietHours?: DailyWindow;
}

/** What the notices' texts are filled with. */
export interface NoticeValues {
  readonly number: string;
  readonly engineer: string;
  /** The appointment. */
  readonly at: Date | null;
  readonly reason: string;
  /** The engineer's arrival estimate ("on my way"). */
  readonly eta?: Date | null;
  /** Values that read differently in each language (the new warranty's name, the promises). */
  readonly local?: Readonly<Record<string, LocalText>>;
}

/**
 * Writes the notices into the reporter's conversation, in its language (chatLang), on its channel; returns
 * the channel to wake (null when the conversation is gone).
 */
export async function tellReporter(
  scene: NoticeScene,
  conversationId: string,
  notices: readonly ReporterNotice[],
  values: NoticeValues,
): Promise<ChannelName | null> {
  const { repos: r, catalog, now } = scene;
  const found = await r.conversations.get(conversationId);
  if (!found) return null;
  const conversation = await r.conversations.lock(found.channel, found.externalKey);
  if (!conversation) return null;
  // A staff member's own chat (the engineer who reported a fault found on an inspection): their account's language.
  const lang = await chatLang(r, conversation);
  const writer = new ConversationWriter(r, conversation, scene.pushChannels.has(conversation.channel), now);
  const labels = catalog.desk.labels.texts;
  const tz = catalog.desk.desk.timeZone;
  const { local: localValues = {} } = values;
  // Notices the desk starts itself wait for the teacher's waking hours, except the urgent ones.
  const quiet = scene.quietHours ? sendableAt(scene.quietHours, tz, now) : now;
  const written = notices.map((notice) => {
    const at = values.at ? formatTime(values.at, lang, tz) : '';
    const eta = values.eta ? formatTime(values.eta, lang, tz) : '';
    const local = Object.fromEntries(Object.entries(localValues).map(([k, v]) => [k, v[lang]]));
    const filled = {
      number: values.number,
      engineer: values.engineer,
      reason: values.reason,
      at,
      eta,
      now: formatTime(now, lang, tz),
      ...local,
    };
    const notBefore = URGENT_NOTICES.includes(notice) ? now : quiet;
    return { text: render(labels[NOTICE_TEXT[notice]], lang, filled), notBefore };
  });
  // A report in progress asks its question again after them.
  const state = writeDeskNotices(writer, catalog.flowSet, written, now);
  await writer.flush(state ? { state } : {});
  return conversation.channel;
}
