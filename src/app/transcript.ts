import type { Catalog } from '../catalog/catalog.js';
import type { Lang, LocalText } from '../domain/i18n.js';
import { render } from '../domain/i18n.js';
import { type FlowSet } from '../flows/flow-set.js';
import type { Json, Step } from '../flows/schema.js';
import { readState } from '../flows/state.js';
import { display, renderTemplate } from '../flows/template.js';
import type { TranscriptEntry } from '../ports/store.js';

/**
 * The console's transcript as the teacher lived it: what they typed or the label of the button
 * they pressed, a photo as "[照片]", a QR scan as "扫码报修：FX-PNL-0101", and the bot's messages
 * as shown to them. The stored entry stays available as `raw` (for debugging).
 */
export interface TranscriptMessage {
  readonly seq: number;
  readonly direction: TranscriptEntry['direction'];
  readonly sender: TranscriptEntry['sender'];
  readonly kind: string;
  /** What the teacher sent or was shown, in words (never a slot name or a command). */
  readonly text: string;
  readonly choices: TranscriptEntry['choices'];
  readonly attachmentId: string | null;
  readonly createdAt: Date;
  readonly agentId: string | null;
  /** The display name of the agent who wrote it (agent replies and notes). */
  readonly agentName: string | null;
  /** The entry as stored. */
  readonly raw: { readonly kind: string; readonly text: string; readonly inboundEventId: number | null };
}

const START = /^\/start(?:\s+(\S.*))?$/;

function label(
  catalog: Catalog,
  id:
    | 'transcript_start'
    | 'transcript_start_asset'
    | 'transcript_photo'
    | 'transcript_photo_caption'
    | 'transcript_blocked'
    | 'transcript_unblocked'
    | 'transcript_unsupported',
  lang: Lang,
  values: Record<string, string> = {},
): string {
  return render(catalog.desk.labels.texts[id], lang, values);
}

/** A stored entry's words for a person: what a teacher's message or event was, in `lang`. */
export function humanText(
  catalog: Catalog,
  entry: Pick<TranscriptEntry, 'direction' | 'kind' | 'text' | 'attachmentId'>,
  lang: Lang,
): string {
  if (entry.direction !== 'in') return entry.text;
  switch (entry.kind) {
    case 'start': {
      const tag = START.exec(entry.text.trim())?.[1]?.trim();
      return tag ? label(catalog, 'transcript_start_asset', lang, { tag }) : label(catalog, 'transcript_start', lang);
    }
    case 'photo':
      return entry.text.trim()
        ? label(catalog, 'transcript_photo_caption', lang, { caption: entry.text.trim() })
        : label(catalog, 'transcript_photo', lang);
    case 'blocked':
      return label(catalog, 'transcript_blocked', lang);
    case 'unblocked':
      return label(catalog, 'transcript_unblocked', lang);
    case 'unsupported': {
      const what = /^\[(.*)\]$/.exec(entry.text)?.[1] ?? entry.text;
      const names: Readonly<Record<string, LocalText>> = catalog.flowSet.settings.contentNames;
      return label(catalog, 'transcript_unsupported', lang, { what: names[what]?.[lang] ?? what });
    }
    default:
      return entry.text;
  }
}

/** The transcript for the console, in the conversation's language, with the agents' names. */
export function presentTranscript(
  catalog: Catalog,
  entries: readonly TranscriptEntry[],
  lang: Lang,
  agentNames: ReadonlyMap<string, string>,
): TranscriptMessage[] {
  return entries.map((e) => {
    const agentId = e.agentId ?? null;
    return {
      seq: e.seq,
      direction: e.direction,
      sender: e.sender,
      kind: e.kind,
      text: humanText(catalog, e, lang),
      choices: e.choices,
      attachmentId: e.attachmentId,
      createdAt: e.createdAt,
      agentId,
      agentName: agentId ? (agentNames.get(agentId) ?? null) : null,
      raw: { kind: e.kind, text: e.text, inboundEventId: e.inboundEventId },
    };
  });
}

/** One answer the bot collected: the question as the teacher read it, and their answer in words. */
export interface CollectedAnswer {
  readonly slot: string;
  readonly question: string;
  readonly answer: string;
}

/** A flow in progress, as the console shows it: its title, what it asks now, what it collected. */
export interface CollectedFlow {
  readonly flow: string;
  readonly title: string;
  readonly step: string;
  /** The question the bot waits on, as the teacher read it; null when it is not waiting on one. */
  readonly waitingOn: string | null;
  readonly answers: readonly CollectedAnswer[];
}

type Prompt = Extract<Step, { kind: 'ask' | 'choose' | 'photo' }>;

function isPrompt(step: Step | undefined): step is Prompt {
  return step !== undefined && (step.kind === 'ask' || step.kind === 'choose' || step.kind === 'photo');
}

function answerText(step: Prompt, value: Json, lang: Lang, catalog: Catalog): string {
  if (step.kind === 'choose') {
    const option = step.options?.find((o) => JSON.stringify(o.value === undefined ? o.id : o.value) === JSON.stringify(value));
    if (option) return option.label[lang];
  }
  if (step.kind === 'photo') {
    if (typeof value === 'string' && value) return label(catalog, 'transcript_photo', lang);
    const skip = catalog.flowSet.settings.texts.photo_skip; // settings.yaml must provide it (SYSTEM_TEXTS)
    return skip ? render(skip, lang) : '';
  }
  return display(value, lang);
}

/**
 * What the bot collected in each flow in progress, question by question (the raw state stays in the
 * queue entry's `state`): only values the teacher gave as answers, not what actions looked up.
 */
export function collected(catalog: Catalog, storedState: unknown): CollectedFlow[] {
  const state = readState(storedState);
  const lang = state.lang;
  const set: FlowSet = catalog.flowSet;
  return state.frames.map((frame, i) => {
    const flow = set.flows.get(frame.flow);
    const steps = flow ? [...flow.steps.values()] : [];
    const answers: CollectedAnswer[] = [];
    for (const [slot, value] of Object.entries(frame.vars)) {
      const step = steps.find((s): s is Prompt => isPrompt(s) && (s.save === slot || (s.kind === 'choose' && s.allowText?.save === slot)));
      if (!step || value === null) continue;
      answers.push({ slot, question: renderTemplate(step.text[lang], frame.vars, lang), answer: answerText(step, value, lang, catalog) });
    }
    const current = flow?.steps.get(frame.step);
    const innermost = i === state.frames.length - 1;
    return {
      flow: frame.flow,
      title: flow?.title[lang] ?? frame.flow,
      step: frame.step,
      waitingOn: innermost && state.waiting && isPrompt(current) ? renderTemplate(current.text[lang], frame.vars, lang) : null,
      answers,
    };
  });
}
