import { inFlow } from '../../flows/busy.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { fill, type Lang } from '../../domain/i18n.js';
import type { InboundContent } from '../../domain/messages.js';
import { askAgain } from '../../flows/engine.js';
import type { Reply } from '../../flows/input.js';
import type { ConversationState } from '../../flows/state.js';
import type { ReturnVisit, VisitAnswer } from '../../ports/return-visits.js';
import type { ConversationRecord, Repos } from '../../ports/store.js';
import { isVisitButton, parseVisitButton, typedVisitAnswer } from './buttons.js';

/** What the turn hands over: the teacher's conversation and message, before the flow runs. */
export interface VisitTurn {
  readonly repos: Repos;
  readonly conversation: Pick<ConversationRecord, 'id' | 'mode'>;
  readonly state: ConversationState;
  readonly content: InboundContent;
  readonly now: Date;
  readonly locked: boolean;
  /** The conversation waits for a human (app/human-wait.ts). */
  readonly waiting: boolean;
}

/** The visit's answer: replies, the state, the pressed button's label, and the school to start a report at ("report a fault"). */
export interface VisitReply {
  readonly replies: readonly Reply[];
  readonly state: ConversationState;
  readonly label?: string;
  readonly report?: { id: string; label: string };
}

interface Scene extends VisitTurn {
  readonly catalog: Catalog;
  readonly botTalking: boolean;
}

const say = (catalog: Catalog, id: LabelText, lang: Lang, values: Readonly<Record<string, string>> = {}) =>
  fill(catalog.desk.labels.texts[id][lang], values);

/**
 * A return visit's part of a teacher's turn (before the flow): one of its buttons pressed in the
 * conversation it was written to, or its answer typed ("都正常", "call me") while the visit is
 * open (sent, unanswered, within the contract's answerWithin). Null: not for the visit;
 * 'needs-lock': take the turn again under the conversation's lock.
 */
export async function visitInTurn(catalog: Catalog, turn: VisitTurn): Promise<VisitReply | 'needs-lock' | null> {
  const t: Scene = { ...turn, catalog, botTalking: turn.conversation.mode === 'bot' && !turn.waiting };
  const { content, repos } = t;
  if (content.kind === 'choice' && isVisitButton(content.id)) {
    const press = parseVisitButton(content.id);
    const visit = press ? await repos.returnVisits.get(press.visitId) : null;
    if (!press || visit?.conversationId !== t.conversation.id) return null;
    if (!t.locked) return 'needs-lock';
    const label = (await repos.messages.offeredLabel(t.conversation.id, content.id)) ?? undefined;
    return answered(t, visit.id, press.answer, label);
  }
  if (content.kind !== 'text' || !t.botTalking || inFlow(t.state, catalog.flowSet.settings.flows.main)) return null;
  const { courtesy, openers } = catalog.desk.labels.visitAnswers ?? {};
  const answer = typedVisitAnswer(
    content.text,
    { ok: words(catalog, 'ok'), fault: words(catalog, 'fault'), call: words(catalog, 'call') },
    courtesy ? [...courtesy['zh-CN'], ...courtesy.en] : [],
    openers ? [...openers['zh-CN'], ...openers.en] : [],
  );
  if (!answer) return null;
  const visit = await repos.returnVisits.openIn(t.conversation.id);
  const contract = visit ? catalog.contracts.get(visit.contractId) : undefined;
  if (!visit?.sentAt || !contract) return null;
  if (t.now.getTime() - visit.sentAt.getTime() > contract.afterService.returnVisits.answerWithin) return null;
  if (!t.locked) return 'needs-lock';
  return answered(t, visit.id, answer);
}

/** The typed words of an answer, in every language (a teacher may answer in either). */
function words(catalog: Catalog, answer: VisitAnswer): string[] {
  const lists = catalog.desk.labels.visitAnswers?.[answer];
  return lists ? [...lists['zh-CN'], ...lists.en] : [];
}

async function answered(t: Scene, visitId: string, answer: VisitAnswer, label?: string): Promise<VisitReply> {
  const { catalog, repos, now } = t;
  const lang = t.state.lang;
  const visit: ReturnVisit | null = await repos.returnVisits.lock(visitId);
  const withLabel = label ? { label } : {};
  if (!visit || !(await repos.returnVisits.answer(visit.id, answer, now))) {
    return finish(t, [{ text: say(catalog, 'visit_already', lang) }], withLabel);
  }
  if (answer === 'ok') return finish(t, [{ text: say(catalog, 'visit_thanks', lang) }], withLabel);
  if (answer === 'call') {
    // The coordinators are told in their chats (alerts worker, kind visit_call).
    await repos.alerts.addSiteWork({ key: `visit_call:${visit.id}`, kind: 'visit_call', at: now, data: { visitId: visit.id } });
    return finish(t, [{ text: say(catalog, 'visit_will_call', lang) }], withLabel);
  }
  const site = (await repos.places.listSites()).find((s) => s.id === visit.siteId);
  const start = { text: say(catalog, 'visit_fault_start', lang, { site: site?.label ?? '' }) };
  // A human has the conversation: the answer is theirs to follow; the bot starts no report.
  if (!t.botTalking || !site) return { replies: [start], state: t.state, ...withLabel };
  return { replies: [start], state: t.state, report: { id: site.id, label: site.label }, ...withLabel };
}

/** The replies, then the report's waiting question asked again (the teacher was in the middle of one). */
function finish(t: Scene, replies: readonly Reply[], extra: { label?: string }): VisitReply {
  if (!t.botTalking) return { replies, state: t.state, ...extra };
  const again = askAgain(t.catalog.flowSet, t.state, t.now);
  return { replies: [...replies, ...again.replies], state: again.state, ...extra };
}
