import { Cause, completeFacts, definedFacts, Device, type FactKey, overlayFacts, PartialFacts, Scope } from '../../domain/facts.js';
import type { FactProvenance } from '../../domain/triage-record.js';
import { rulesOrigins } from '../../triage/provenance.js';
import type { Extraction } from '../../triage/extractor.js';
import { understoodText } from '../report-summary.js';
import { z } from 'zod';
import type { LexiconSet } from '../../triage/lexicon.js';
import { RulesExtractor } from '../../triage/rules-extractor.js';
import { assetSummary, deviceLabel } from '../present.js';
import type { ActionContext, ActionHandler } from './context.js';
import { idOf } from './context.js';

/**
 * Reading a typed answer uses the word lists (flows/lexicon) directly, never the configured
 * extractor: an answer is understood at once and the same way whatever reads whole reports.
 */
const readers = new WeakMap<LexiconSet, RulesExtractor>();
export function wordLists(ctx: ActionContext): RulesExtractor {
  let reader = readers.get(ctx.catalog.lexicons);
  if (!reader) readers.set(ctx.catalog.lexicons, (reader = new RulesExtractor(ctx.catalog.lexicons)));
  return reader;
}

/** An asset tag written in a text ("FX-PNL-0001", "fx pnl 0001"). */
export const TAG = /\b([a-z]{2,4})[\s_-]?([a-z]{2,4})[\s_-]?(\d{3,6})\b/i;

/** A tag as the register spells it: "fx pnl 0001" → "FX-PNL-0001"; other text upper-cased; null when empty. */
export function tagOf(value: unknown): string | null {
  const text = typeof value === 'string' ? value.normalize('NFKC').trim() : '';
  if (!text) return null;
  const tag = TAG.exec(text);
  return (tag ? `${tag[1]}-${tag[2]}-${tag[3]}` : text).toUpperCase().slice(0, 60);
}

/**
 * The device a typed text names: an asset tag, or a kind of device ("电脑", "投影", "the panel")
 * read with the triage word lists and looked for among the room's assets. Outcomes: `found` (the
 * asset), `several` (the room's assets of that kind, to choose from), `kind` ({kind, label}: no
 * such asset in the room, or no room known), `not_found`.
 */
export const findDevice: ActionHandler = async (ctx, input) => {
  const text = typeof input.text === 'string' ? input.text.normalize('NFKC').trim() : '';
  if (!text) return { outcome: 'not_found' };
  const places = ctx.repos.places;
  const tag = TAG.exec(text);
  const byTag = (await places.findAssetByTag(text)) ?? (tag ? await places.findAssetByTag(`${tag[1]}-${tag[2]}-${tag[3]}`) : null);
  if (byTag) return { outcome: 'found', value: assetSummary(ctx.catalog.desk, byTag) };
  // A tag the register lacks: the report may go on without it (the flow offers it) and keep it for the coordinator.
  // Always a value: the slot must not keep the tag of an earlier answer.
  const unknown = { value: tag ? { tag: tagOf(text) } : {} };

  // The kind the text names; else the one the first message was understood to name (the LLM's).
  const given = Device.safeParse(input.kind);
  const kind: Device | undefined = (await wordLists(ctx).extract(text)).facts.device ?? (given.success ? given.data : undefined);
  if (!kind) return { outcome: 'not_found', ...unknown };
  const room = idOf(input.room);
  const assets = room ? (await places.listAssetsInRoom(room)).filter((a) => a.kind === kind) : [];
  const [only] = assets;
  if (only && assets.length === 1) return { outcome: 'found', value: assetSummary(ctx.catalog.desk, only) };
  if (assets.length > 1) {
    const items = assets.map((a) => assetSummary(ctx.catalog.desk, a)).map((s) => ({ id: s.id, label: s.label, value: s }));
    return { outcome: 'several', value: items };
  }
  return { outcome: 'kind', value: { kind, label: deviceLabel(ctx.catalog.desk, kind) } };
};

/**
 * The facts a first message states (still usable or not, how it happened…), to skip asking them
 * again: those it was understood to state (`facts`, from understand_report), else the word lists'.
 */
export const readFacts: ActionHandler = async (ctx, input) => {
  const known = PartialFacts.safeParse(input.facts);
  if (known.success && input.facts && typeof input.facts === 'object') return { outcome: 'ok', value: known.data };
  const text = typeof input.text === 'string' ? input.text : '';
  const { facts } = await wordLists(ctx).extract(text);
  return { outcome: 'ok', value: facts };
};

/** Facts a report that the LLM understood may leave unsaid: assumed, shown to the teacher to correct. */
const ASSUMED = ['cause', 'usable', 'scope', 'majorEvent'] as const satisfies readonly FactKey[];

/** The understanding of a first message as the flow keeps it (the `understood` slot). */
function understanding(text: string, extraction: Extraction) {
  // The LLM read it and told at least one fact (its own, or the word lists' it confirmed).
  const llm = extraction.usage?.outcome === 'ok' && Object.values(extraction.origins ?? {}).some((o) => o.source === 'llm');
  const facts: PartialFacts = { ...extraction.facts };
  const origins: Partial<Record<FactKey, FactProvenance>> = { ...(extraction.origins ?? rulesOrigins(extraction)) };
  // Understood by the LLM as a fault: what it does not say is assumed and confirmed in one message.
  if (llm && facts.symptom) {
    // The values the policy assumes for a silent report (completeFacts), now said out loud.
    const assumed = completeFacts(facts);
    for (const key of ASSUMED) {
      if (facts[key] !== undefined) continue;
      Object.assign(facts, { [key]: assumed[key] });
      origins[key] = { source: 'default' };
    }
  }
  const callId = extraction.usage?.callId;
  return {
    text,
    llm,
    facts,
    origins,
    ...(extraction.place ? { place: extraction.place } : {}),
    ...(extraction.summary ? { summary: extraction.summary } : {}),
    ...(callId ? { callId } : {}),
    ...(extraction.disagreements?.length ? { disagreements: extraction.disagreements.map((d) => ({ ...d })) } : {}),
  };
}

/**
 * Reads a first message with the desk's extractor (the LLM over the word lists when it is on):
 * `llm` when the LLM read it — its facts, the place it names and its summary fill the report's
 * steps, confirmed in one message — else `rules`, and the report goes on as with the word lists.
 */
export const understandReport: ActionHandler = async (ctx, input) => {
  const text = typeof input.text === 'string' ? input.text : '';
  // The names the desk knows for the reporter (the one given in this report, the stored one): masked for the LLM.
  const names = [input.name, ctx.contact.name].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const extraction = await ctx.extractor.extract(text, {
    ...(names.length > 0 ? { names } : {}),
    ...(ctx.conversation.id ? { conversationId: ctx.conversation.id } : {}),
  });
  const value = understanding(text, extraction);
  return { outcome: value.llm ? 'llm' : 'rules', value };
};

/**
 * The understood facts with the teacher's answers over them, one a line (understood_facts): what
 * the triage will use, as it overlays them the same way (an answer "don't know" leaves the text's).
 */
const Corrections = z.object({
  cause: Cause.nullish().catch(null),
  usable: z.boolean().nullish().catch(null),
  scope: Scope.nullish().catch(null),
  majorEvent: z.boolean().nullish().catch(null),
});

export const describeFacts: ActionHandler = async ({ catalog }, input) => {
  const understood = PartialFacts.catch({}).parse(input.understood ?? {});
  const facts = overlayFacts(understood, definedFacts(Corrections.parse(input)));
  return { outcome: 'ok', value: understoodText(catalog.desk, facts) };
};
