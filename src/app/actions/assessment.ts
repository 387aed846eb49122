import { z } from 'zod';
import type { Contract } from '../../domain/contract.js';
import type { AssetFacts } from '../../domain/asset.js';
import {
  Accessory,
  Cause,
  definedFacts,
  Device,
  FACT_KEYS,
  type FactKey,
  type Facts,
  PartialFacts,
  Scope,
  Symptom,
} from '../../domain/facts.js';
import { DEFAULT_LANG, type Lang, type LocalText } from '../../domain/i18n.js';
import { scriptLanguage } from '../../domain/script-language.js';
import { eventApplies } from '../../domain/severity.js';
import { FACT_SOURCES, type FactProvenance, type TicketTriage } from '../../domain/triage-record.js';
import type { MajorEvent } from '../../ports/operations.js';
import type { FactExtractor, FactOrigin, ReportImage } from '../../triage/extractor.js';
import { type ReportParts, reportSummary } from '../report-summary.js';
import { firstAidTips } from '../../catalog/first-aid.js';
import type { Json } from '../../flows/schema.js';
import { triage } from '../../triage/triage.js';
import type { AssetRecord } from '../../ports/store.js';
import { assetSummary, deviceLabel, labelText, triageSummary } from '../present.js';
import type { ActionContext, ActionHandler } from './context.js';
import { idOf, placeOf } from './context.js';

/** What the report flow chose explicitly: these override what the text suggests. */
const Explicit = z.object({
  device: Device.nullish(),
  cause: Cause.nullish(),
  scope: Scope.nullish(),
  usable: z.boolean().nullish(),
  majorEvent: z.boolean().nullish(),
});

export function assetFacts(asset: AssetRecord): AssetFacts {
  return {
    kind: asset.kind,
    acceptedAt: asset.acceptedAt,
    ...(asset.warrantyMonths ? { warrantyMonths: asset.warrantyMonths } : {}),
    replacedParts: [...asset.replacedParts],
  };
}

/** The contract that governs a report: the asset's, else the site's, else the desk's default. */
export async function contractFor(ctx: ActionContext, asset: AssetRecord | null, site: Json | undefined): Promise<Contract> {
  const siteId = idOf(site);
  const id = asset?.contractId ?? (siteId ? await ctx.repos.places.siteContract(siteId) : null) ?? ctx.catalog.desk.desk.defaultContract;
  const fallback = ctx.catalog.desk.desk.defaultContract;
  const contract = ctx.catalog.contracts.get(id) ?? ctx.catalog.contracts.get(fallback);
  if (!contract) throw new Error(`the desk's default contract "${fallback}" is not loaded`);
  return contract;
}

/** The major event declared for the report's site (or for every site) at this moment, if any. */
export async function declaredEvent(ctx: ActionContext, asset: AssetRecord | null, site: Json | undefined): Promise<MajorEvent | null> {
  return ctx.repos.roster.activeEvent(asset?.site.id ?? idOf(site), ctx.now);
}

/**
 * A fault during a declared event affects that event: `majorEvent` becomes true, found by the event
 * (its name as the evidence) unless the teacher said so already. Unchanged when the event does not
 * apply (no event, or a question with nothing broken).
 */
export function markEvent(
  facts: Facts,
  origins: Partial<Record<FactKey, FactProvenance>>,
  event: MajorEvent | null,
): { facts: Facts; origins: Partial<Record<FactKey, FactProvenance>> } {
  if (!eventApplies(facts, event)) return { facts, origins };
  if (facts.majorEvent) return { facts, origins };
  return { facts: { ...facts, majorEvent: true }, origins: { ...origins, majorEvent: { source: 'event', quote: event.name } } };
}

export async function loadAsset(ctx: ActionContext, value: Json | undefined): Promise<AssetRecord | null> {
  const id = idOf(value);
  return id ? ctx.repos.places.getAsset(id) : null;
}

/** The understanding of the first message (understand_report's value), as far as triage needs it. */
const Understood = z.object({
  text: z.string(),
  facts: PartialFacts,
  origins: z.record(
    z.string(),
    z.object({ source: z.enum(FACT_SOURCES), quote: z.string().optional(), confidence: z.number().optional() }),
  ),
  summary: z.string().optional(),
  callId: z.string().optional(),
  disagreements: z
    .array(
      z.object({
        fact: z.enum(FACT_KEYS),
        llm: z.union([z.string(), z.boolean()]),
        rules: z.union([z.string(), z.boolean()]),
        confidence: z.number(),
        chosen: z.enum(['llm', 'rules']),
      }),
    )
    .optional(),
});
type Understood = z.infer<typeof Understood>;

/** An extractor that answers with what the first message was understood to say (no second reading, no second LLM call). */
function understoodExtractor(understood: Understood, fallback: FactExtractor): FactExtractor {
  return {
    extract: async (text, hints) => {
      if (text.trim() !== understood.text.trim()) return fallback.extract(text, hints);
      const origins = understood.origins as Partial<Record<FactKey, FactOrigin>>;
      return {
        facts: understood.facts,
        evidence: [],
        lang: languageOf(text),
        origins,
        ...(understood.disagreements ? { disagreements: understood.disagreements } : {}),
        ...(understood.summary ? { summary: understood.summary } : {}),
      };
    },
  };
}

/** The report's photo, read only for an extractor that sends photos to the LLM. */
async function reportImages(ctx: ActionContext, photo: Json | undefined): Promise<ReportImage[]> {
  if (!ctx.extractor.takesImages || !ctx.photos || typeof photo !== 'string' || !photo) return [];
  const image = await ctx.photos.read(photo);
  return image ? [image] : [];
}

function reporterName(given: Json | undefined, ctx: ActionContext): { reporter?: string } {
  if (typeof given === 'string' && given.trim()) return { reporter: given.trim() };
  return ctx.contact.name ? { reporter: ctx.contact.name } : {};
}

/** The device kind the flow holds, as the summary names it. */
function deviceOf(value: Json | undefined, ctx: ActionContext): LocalText | undefined {
  const kind = Device.safeParse(value);
  return kind.success ? deviceLabel(ctx.catalog.desk, kind.data) : undefined;
}

/** The language a text is written in, as the word lists would tell. */
function languageOf(text: string): Lang {
  return scriptLanguage(text) ?? DEFAULT_LANG;
}

export const runTriage: ActionHandler = async (ctx, input) => {
  const asset = await loadAsset(ctx, input.asset);
  const contract = await contractFor(ctx, asset, input.site);
  const understood = Understood.safeParse(input.understood);
  // A photo the LLM is to see (LLM_SEND_PHOTOS) makes a new reading, of the text with the photo.
  const images = await reportImages(ctx, input.photo);
  const extractor = understood.success && images.length === 0 ? understoodExtractor(understood.data, ctx.extractor) : ctx.extractor;
  const parsed = Explicit.safeParse(input);
  const explicit = parsed.success ? definedFacts(parsed.data) : {};
  const event = await declaredEvent(ctx, asset, input.site);
  const triaged = await triage(
    {
      contract,
      asset: asset ? assetFacts(asset) : null,
      reportedAt: ctx.now,
      text: typeof input.text === 'string' ? input.text : '',
      facts: explicit,
      // The reporter's name as the report gave it or the desk knows it: masked before the text goes to an LLM.
      ...reporterName(input.name, ctx),
      conversationId: ctx.conversation.id,
      ...(images.length > 0 ? { images } : {}),
      event,
    },
    extractor,
  );
  // During a declared event the confirmation and the summary say the fault affects it.
  const marked = markEvent(triaged.facts, triaged.provenance, event);
  const result = { ...triaged, facts: marked.facts, provenance: marked.origins };
  const text = typeof input.text === 'string' ? input.text : '';
  const site = placeOf(input.site);
  const room = placeOf(input.room);
  const shown = asset ? assetSummary(ctx.catalog.desk, asset) : null;
  const device = shown?.label ?? deviceOf(input.device, ctx);
  const parts: ReportParts = {
    ...(typeof input.name === 'string' && input.name.trim() ? { who: input.name.trim() } : {}),
    ...(shown || site ? { place: shown?.place ?? [site?.label, room?.label].filter(Boolean).join(' ') } : {}),
    ...(device ? { device } : {}),
    description: text,
    facts: result.facts,
    severity: result.severity,
    warranty: result.warranty,
  };
  const callId =
    result.extraction?.usage?.callId ??
    (understood.success && understood.data.text.trim() === text.trim() ? understood.data.callId : undefined);
  const record: TicketTriage = {
    text,
    origins: result.provenance,
    summary: reportSummary(ctx.catalog.desk, parts, result.extraction?.summary),
    ...(callId ? { llmCallId: callId } : {}),
    ...(result.extraction?.disagreements?.length ? { disagreements: result.extraction.disagreements } : {}),
  };
  return {
    outcome: 'ok',
    value: {
      facts: result.facts,
      severity: result.severity,
      warranty: result.warranty,
      contract: contract.id,
      summary: eventApplies(triaged.facts, event)
        ? labelText(ctx.catalog.desk, 'triage_summary_event', (lang) => ({
            severity: result.severity,
            warranty: ctx.catalog.desk.labels.warranty[result.warranty][lang],
            event: event.name,
          }))
        : triageSummary(ctx.catalog.desk, result.severity, result.warranty),
      record: JSON.parse(JSON.stringify(record)) as Json,
    },
  };
};

/** What first aid is chosen by: the symptom triage found, and the device kind and accessory when known. */
const FirstAidInput = z.object({ symptom: Symptom, device: Device.nullish().catch(null), accessory: Accessory.nullish().catch(null) });

export const firstAid: ActionHandler = async ({ catalog }, input) => {
  const parsed = FirstAidInput.safeParse(input);
  if (!parsed.success) return { outcome: 'none' };
  const { symptom, device, accessory } = parsed.data;
  const tips = firstAidTips(catalog.desk.firstAid, { symptom, device: device ?? undefined, accessory: accessory ?? undefined });
  return tips ? { outcome: 'tips', value: tips } : { outcome: 'none' };
};
