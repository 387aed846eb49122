import { z } from 'zod';
import type { Contract } from '../../domain/contract.js';
import type { AssetFacts } from '../../domain/asset.js';
import { Accessory, Cause, Device, PartialFacts, Scope, Symptom } from '../../domain/facts.js';
import { firstAidTips } from '../../catalog/first-aid.js';
import type { Json } from '../../flows/schema.js';
import { triage } from '../../triage/triage.js';
import type { AssetRecord } from '../../ports/store.js';
import { triageSummary } from '../present.js';
import type { ActionContext, ActionHandler } from './context.js';
import { idOf } from './context.js';

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

export async function loadAsset(ctx: ActionContext, value: Json | undefined): Promise<AssetRecord | null> {
  const id = idOf(value);
  return id ? ctx.repos.places.getAsset(id) : null;
}

export const runTriage: ActionHandler = async (ctx, input) => {
  const asset = await loadAsset(ctx, input.asset);
  const contract = await contractFor(ctx, asset, input.site);
  const parsed = Explicit.safeParse(input);
  const explicit: PartialFacts = {};
  if (parsed.success) {
    for (const [key, value] of Object.entries(parsed.data))
      if (value !== null && value !== undefined) Object.assign(explicit, { [key]: value });
  }
  const result = await triage(
    {
      contract,
      asset: asset ? assetFacts(asset) : null,
      reportedAt: ctx.now,
      text: typeof input.text === 'string' ? input.text : '',
      facts: explicit,
      // The reporter's name as the desk knows it: masked before the text goes to an LLM.
      ...(ctx.contact.name ? { reporter: ctx.contact.name } : {}),
    },
    ctx.extractor,
  );
  return {
    outcome: 'ok',
    value: {
      facts: result.facts,
      severity: result.severity,
      warranty: result.warranty,
      contract: contract.id,
      summary: triageSummary(ctx.catalog.desk, result.severity, result.warranty),
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
