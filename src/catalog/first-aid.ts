import { z } from 'zod';
import { ACCESSORIES, type Accessory, DEVICES, type Device, type Symptom, SYMPTOMS } from '../domain/facts.js';
import { LocalText } from '../domain/i18n.js';

/** Who a tip is for: a device kind, an accessory (the wireless casting box, the pen…), or `any` (every other). */
export const TIP_TARGETS = [...DEVICES, ...ACCESSORIES, 'any'] as const;
export type TipTarget = (typeof TIP_TARGETS)[number];

/** flows/desk/first-aid.yaml: the first-aid tips (GX-EDU clause 5.13.1) by symptom, then by device kind. */
export const FirstAidFile = z.strictObject({
  clause: z.string().min(1),
  tips: z.partialRecord(z.enum(SYMPTOMS), z.partialRecord(z.enum(TIP_TARGETS), LocalText)),
});
export type FirstAidFile = z.infer<typeof FirstAidFile>;

export interface FaultKind {
  readonly symptom: Symptom;
  readonly device?: Device | undefined;
  readonly accessory?: Accessory | undefined;
}

/**
 * The tips for a fault: those for its accessory (a casting box, a pen), else for its device kind,
 * else the symptom's tips for any device; none when the symptom has none.
 */
export function firstAidTips(file: FirstAidFile, fault: FaultKind): LocalText | undefined {
  const bySymptom = file.tips[fault.symptom];
  if (!bySymptom) return undefined;
  return (
    (fault.accessory ? bySymptom[fault.accessory] : undefined) ?? (fault.device ? bySymptom[fault.device] : undefined) ?? bySymptom.any
  );
}
