import { z } from 'zod';

/** The facts about a fault, as SERVICE_TERMS.md names them. */
export const DEVICES = [
  'interactive_panel',
  'computer',
  'blackboard',
  'visualizer',
  'projector',
  'audio',
  'network',
  'server',
  'platform_software',
  'terminal',
  'accessory',
] as const;
export const ACCESSORIES = [
  'touch_pen',
  'remote_control',
  'power_cord',
  'power_adapter',
  'hdmi_cable',
  'mobile_stand',
  'wireless_casting',
  'gift',
] as const;
export const SYMPTOMS = [
  'no_power',
  'wont_boot',
  'no_display',
  'display_abnormal',
  'no_signal',
  'touch_failure',
  'no_sound',
  'slow',
  'crash',
  'app_error',
  'network_down',
  'physical_damage',
  'question',
  'other',
] as const;
export const CAUSES = ['none_known', 'human_damage', 'liquid', 'misuse', 'environment', 'force_majeure'] as const;
export const SCOPES = ['single_device', 'whole_site', 'multi_site', 'platform'] as const;

export const Device = z.enum(DEVICES);
export const Accessory = z.enum(ACCESSORIES);
export const Symptom = z.enum(SYMPTOMS);
export const Cause = z.enum(CAUSES);
export const Scope = z.enum(SCOPES);

export type Device = z.infer<typeof Device>;
export type Accessory = z.infer<typeof Accessory>;
export type Symptom = z.infer<typeof Symptom>;
export type Cause = z.infer<typeof Cause>;
export type Scope = z.infer<typeof Scope>;

/** A complete set of facts: what the policy decides on. */
export const Facts = z.strictObject({
  device: Device,
  accessory: Accessory.optional(),
  symptom: Symptom,
  cause: Cause,
  scope: Scope,
  usable: z.boolean(),
  majorEvent: z.boolean(),
});
export type Facts = z.infer<typeof Facts>;

/** Facts as a flow or an extractor may know them: any of them may be missing. */
export const PartialFacts = Facts.partial();
export type PartialFacts = z.infer<typeof PartialFacts>;

export const FACT_KEYS = ['device', 'accessory', 'symptom', 'cause', 'scope', 'usable', 'majorEvent'] as const;
export type FactKey = (typeof FACT_KEYS)[number];

/** Symptoms that leave a device unusable unless the reporter says otherwise. */
const UNUSABLE_BY_DEFAULT: ReadonlySet<Symptom> = new Set(['no_power', 'wont_boot', 'no_display', 'no_signal']);

/**
 * Completes partial facts with the defaults a reasonable reader assumes when the report is silent:
 * the device is the asset's own kind (an interactive panel, the most common, when nothing is known),
 * the symptom `other`, no known cause, one device, usable unless the symptom leaves nothing to use
 * (no power, won't boot, no picture, no signal), no major event. Explicit values always win.
 */
export function completeFacts(partial: PartialFacts, assetKind?: Device): Facts {
  const symptom = partial.symptom ?? 'other';
  const device = partial.device ?? assetKind ?? 'interactive_panel';
  const facts: Facts = {
    device,
    symptom,
    cause: partial.cause ?? 'none_known',
    scope: partial.scope ?? 'single_device',
    usable: partial.usable ?? !UNUSABLE_BY_DEFAULT.has(symptom),
    majorEvent: partial.majorEvent ?? false,
  };
  if (device === 'accessory' && partial.accessory) facts.accessory = partial.accessory;
  return facts;
}

/** The facts among `values` that are set (not null, not undefined): a flow's slots as facts. */
export function definedFacts(values: Readonly<Partial<Record<FactKey, unknown>>>): PartialFacts {
  const out: Record<string, unknown> = {};
  for (const key of FACT_KEYS) if (values[key] !== null && values[key] !== undefined) out[key] = values[key];
  return out;
}

/** Overlays facts: every defined value of `over` replaces the one in `base`. */
export function overlayFacts(base: PartialFacts, over: PartialFacts): PartialFacts {
  const out: PartialFacts = { ...base };
  for (const key of FACT_KEYS) {
    const value = over[key];
    if (value !== undefined) (out as Record<FactKey, unknown>)[key] = value;
  }
  return out;
}
