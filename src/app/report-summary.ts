import type { Desk } from '../catalog/desk.js';
import { Severity, WarrantyDecision } from '../domain/contract.js';
import { completeFacts, PartialFacts } from '../domain/facts.js';
import { type Lang, LANGS, LocalText } from '../domain/i18n.js';
import type { Json } from '../flows/schema.js';
import type { ConversationState } from '../flows/state.js';
import { fill } from '../domain/i18n.js';
import type { ReportSummary } from '../domain/triage-record.js';
import { deviceLabel, labelText } from './present.js';

/** What a summary of a report is made from: whatever the report has collected so far. */
export interface ReportParts {
  readonly who?: string;
  readonly place?: string;
  /** The device as the report names it (an asset's label, or a kind). */
  readonly device?: LocalText;
  readonly description?: string;
  readonly facts: PartialFacts;
  readonly severity?: Severity;
  readonly warranty?: WarrantyDecision;
}

const PROBLEM_MAX = 40;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The report in two lines for the agent who takes it over, from the facts (when the LLM wrote no
 * summary): who, where, which device and what happens; then usable or not, how it happened, how
 * widespread, a major event, and the first assessment when there is one. Facts the report has not
 * reached yet read as the defaults the policy would assume.
 */
export function templateSummary(desk: Desk, parts: ReportParts): LocalText {
  const labels = desk.labels;
  const facts = completeFacts(parts.facts);
  const out = {} as LocalText;
  for (const lang of LANGS) {
    const unknown = labels.texts.unknown_place[lang];
    const problem = parts.facts.symptom
      ? labels.facts.values.symptom[parts.facts.symptom][lang]
      : parts.description
        ? clip(parts.description, PROBLEM_MAX)
        : labels.facts.values.symptom.other[lang];
    const device =
      parts.device?.[lang] ?? (parts.facts.device ? deviceLabel(desk, parts.facts.device)[lang] : labels.texts.unknown_device[lang]);
    const assessment =
      parts.severity && parts.warranty
        ? `${lang === 'en' ? '; ' : '；'}${fill(labels.texts.triage_summary[lang], { severity: parts.severity, warranty: labels.warranty[parts.warranty][lang] })}`
        : '';
    const first = fill(labels.texts.summary_first[lang], { who: parts.who ?? '', place: parts.place ?? unknown, device, problem });
    const second = fill(labels.texts.summary_second[lang], {
      usable: labels.texts[facts.usable ? 'summary_usable' : 'summary_unusable'][lang],
      cause: labels.facts.values.cause[facts.cause][lang],
      scope: labels.facts.values.scope[facts.scope][lang],
      event: facts.majorEvent ? labels.texts.summary_event[lang] : '',
      assessment,
    });
    out[lang] = `${first.trim()}\n${second}`;
  }
  return out;
}

/** The summary a report gets: the LLM's two lines when it wrote them, else the template's. */
export function reportSummary(desk: Desk, parts: ReportParts, llmSummary: string | undefined): ReportSummary {
  const llm = llmSummary?.trim();
  if (llm) return { source: 'llm', text: { 'zh-CN': llm, en: llm } };
  return { source: 'template', text: templateSummary(desk, parts) };
}

/** What the desk understood of a first message, one fact a line, for the teacher to confirm. */
export function understoodText(desk: Desk, facts: PartialFacts): LocalText {
  const values = desk.labels.facts.values;
  const complete = completeFacts(facts);
  const yesNo = (value: boolean, lang: Lang) => values.boolean[value ? 'true' : 'false'][lang];
  return labelText(desk, 'understood_facts', (lang) => ({
    symptom: values.symptom[complete.symptom][lang],
    cause: values.cause[complete.cause][lang],
    usable: yesNo(complete.usable, lang),
    scope: values.scope[complete.scope][lang],
    event: yesNo(complete.majorEvent, lang),
  }));
}

/** A slot's value as an object (a place, an asset, the understanding), if it is one. */
function record(value: Json | undefined): Record<string, Json> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function localText(value: Json | undefined): LocalText | undefined {
  const parsed = LocalText.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The summary of the report in progress when a conversation is handed to a human: read from the
 * report's slots (the innermost report frame); null when no report is under way.
 */
export function handoverSummary(desk: Desk, state: ConversationState): ReportSummary | null {
  const frame = [...state.frames].reverse().find((f) => f.flow === 'report_fault');
  if (!frame) return null;
  const vars = frame.vars;
  const understood = record(vars.understood);
  const triage = record(vars.triage);
  const facts = PartialFacts.safeParse(triage?.facts ?? understood?.facts ?? vars.facts ?? {});
  const asset = record(vars.asset);
  const site = record(vars.site);
  const room = record(vars.room);
  const place = typeof asset?.place === 'string' ? asset.place : [site?.label, room?.label].filter((l) => typeof l === 'string').join(' ');
  const device = localText(asset?.label) ?? localText(record(vars.device)?.label);
  const description = [vars.description, vars.first_text].find((d): d is string => typeof d === 'string' && d.trim() !== '');
  const severity = Severity.safeParse(triage?.severity);
  const warranty = WarrantyDecision.safeParse(triage?.warranty);
  const parts: ReportParts = {
    ...(typeof vars.name === 'string' && vars.name.trim() ? { who: vars.name.trim() } : {}),
    ...(place ? { place } : {}),
    ...(device ? { device } : {}),
    ...(description ? { description } : {}),
    facts: facts.success ? facts.data : {},
    ...(severity.success && warranty.success ? { severity: severity.data, warranty: warranty.data } : {}),
  };
  // Nothing collected yet (the teacher asked for a human at the first question): no summary to show.
  if (!parts.place && !parts.device && !parts.description) return null;
  return reportSummary(desk, parts, typeof understood?.summary === 'string' ? understood.summary : undefined);
}
