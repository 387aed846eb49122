import type { Device } from '../../domain/facts.js';
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

  const kind: Device | undefined = (await wordLists(ctx).extract(text)).facts.device;
  if (!kind) return { outcome: 'not_found' };
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

/** The facts a first message states (still usable or not, how it happened…), to skip asking them again. */
export const readFacts: ActionHandler = async (ctx, input) => {
  const text = typeof input.text === 'string' ? input.text : '';
  const { facts } = await wordLists(ctx).extract(text);
  return { outcome: 'ok', value: facts };
};
