import { z } from 'zod';
import { Duration } from './duration.js';
import { Accessory, Cause, Device, Symptom } from './facts.js';
import { LocalText } from './i18n.js';

export const SEVERITIES = ['A', 'B', 'C', 'D'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const WARRANTY_DECISIONS = ['in_warranty', 'out_of_warranty', 'excluded', 'unknown'] as const;
export const WarrantyDecision = z.enum(WARRANTY_DECISIONS);
export type WarrantyDecision = z.infer<typeof WarrantyDecision>;

/** A clause of a contract, with what it says in both languages. */
const Clause = z.strictObject({ clause: z.string().min(1), text: LocalText });
type Clause = z.infer<typeof Clause>;

/** A severity level: its short name ("B级（严重）") and what the contract says it means. */
const SeverityLevel = z.strictObject({ name: LocalText, meaning: LocalText });

const SlaRow = z.strictObject({
  clause: z.string().min(1),
  response: Duration,
  onSite: Duration,
  repair: Duration.optional(),
  /** Unrepaired time after the report from which a loaner unit is owed. */
  loaner: Duration.optional(),
  /** How soon after it is owed the loaner must be delivered (default: the row's on-site time). */
  loanerWithin: Duration.optional(),
});
export type SlaRow = z.infer<typeof SlaRow>;

const PartGroup = z.strictObject({
  parts: z.array(z.string().min(1)).min(1),
  symptoms: z.array(Symptom).min(1),
});

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as 09:30');
const Window = z.strictObject({ from: HHMM, to: HHMM }).refine((w) => w.from < w.to, { error: 'a window ends after it starts' });

/** One line of an inspection checklist: what the engineer looks at, and what a fault found there is. */
const ChecklistItem = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'item ids are lower-case words joined by _'),
  name: LocalText,
  /** What to check, shown under the name. */
  hint: LocalText.optional(),
  /** The ticket a fault found here opens: its device and symptom. */
  device: Device,
  symptom: Symptom.default('other'),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/**
 * After the repair (GX-EDU 5.12.1, 5.16, 5.17; CG-CULTURE 4.5.1, 4.5.4): the return visits and
 * inspections the contract promises, as cadences counted from the site's first acceptance date.
 */
const AfterService = z.strictObject({
  returnVisits: z.strictObject({
    clause: z.string().min(1),
    /** Months after the site's first acceptance of the first visit, then every `everyMonths`. */
    firstMonths: z.number().int().positive(),
    everyMonths: z.number().int().positive(),
    /** When the visit may be written, in the contract's time zone, on these ISO weekdays (1 = Monday). */
    windows: z.array(Window).min(1),
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    /** A visit written and not answered after this long is listed for the coordinator to phone. */
    answerWithin: Duration.default(2 * 86_400_000),
    /** How the question is put: a return visit ("is everything working?") or a feedback form (CG-CULTURE 4.5.4). */
    wording: z.enum(['visit', 'feedback']).default('visit'),
    text: LocalText,
  }),
  inspections: z.strictObject({
    clause: z.string().min(1),
    firstMonths: z.number().int().positive(),
    everyMonths: z.number().int().positive(),
    /** How long before its due date the coordinator is told an inspection is coming. */
    noticeBefore: Duration.default(7 * 86_400_000),
    text: LocalText,
    checklist: z.strictObject({
      /** Checked once per inspection. */
      site: z.array(ChecklistItem).default([]),
      /** Checked on every asset of a kind at the site ("each panel's display, touch, computer, accessories"). */
      perAsset: z.array(z.strictObject({ kinds: z.array(Device).min(1), items: z.array(ChecklistItem).min(1) })).default([]),
    }),
  }),
  /** The satisfaction reports the contract asks for (CG-CULTURE 4.5.4), by the clause they answer. */
  satisfactionReport: Clause.optional(),
});
export type AfterService = z.infer<typeof AfterService>;

/**
 * A service contract as data: one YAML file per contract under flows/contracts/.
 * Everything the policy decides with that differs between contracts lives here.
 */
export const Contract = z
  .strictObject({
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'contract ids are upper-case letters, digits and dashes'),
    name: LocalText,
    /** IANA zone in which dates such as acceptance dates are read. */
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    severity: z.strictObject({
      clause: z.string().min(1),
      /** The clause a fault during a declared major event is A by (default: `clause`). */
      eventClause: z.string().min(1).optional(),
      levels: z.strictObject({ A: SeverityLevel, B: SeverityLevel, C: SeverityLevel, D: SeverityLevel }),
    }),
    escalation: z.strictObject({
      clause: z.string().min(1),
      ladder: z.array(z.strictObject({ from: Severity, to: Severity, after: Duration })),
    }),
    warranty: z.strictObject({ months: z.number().int().positive(), clause: z.string().min(1), text: LocalText }),
    exclusions: z.array(Clause.extend({ cause: Cause })),
    accessories: Clause.extend({
      currency: z.string().min(1).default('CNY'),
      priceClause: z.string().min(1).optional(),
      prices: z.partialRecord(Accessory, z.number().nonnegative()).default({}),
      /** How the accessories are called in replies. */
      names: z.partialRecord(Accessory, LocalText).default({}),
    }),
    lifetimeSoftware: Clause.extend({
      devices: z.array(Device),
      symptoms: z.array(Symptom),
      assetKinds: z.array(Device),
    }).optional(),
    replacedParts: Clause.extend({
      days: z.number().int().positive(),
      groups: z.array(PartGroup).min(1),
      aliases: z.record(z.string(), z.string()).default({}),
      /** How the parts are called in replies. */
      names: z.record(z.string(), LocalText).default({}),
    }),
    sla: z.strictObject({
      in_warranty: SlaRow,
      out_of_warranty: SlaRow,
      /** Which row an `excluded` or `unknown` decision uses. */
      excluded: z.enum(['in_warranty', 'out_of_warranty']).default('out_of_warranty'),
      unknown: z.enum(['in_warranty', 'out_of_warranty']).default('in_warranty'),
      /** Symptoms that never need an engineer on site (no on-site, repair or loaner clock). */
      noVisitSymptoms: z.array(Symptom).default(['question']),
    }),
    billing: Clause,
    afterService: AfterService,
  })
  .superRefine((contract, ctx) => {
    const seen = new Set<string>();
    for (const [index, step] of contract.escalation.ladder.entries()) {
      if (SEVERITIES.indexOf(step.to) >= SEVERITIES.indexOf(step.from)) {
        ctx.addIssue({
          code: 'custom',
          path: ['escalation', 'ladder', index],
          message: `escalation must raise severity (${step.from} → ${step.to} does not)`,
        });
      }
      if (seen.has(step.from)) {
        ctx.addIssue({ code: 'custom', path: ['escalation', 'ladder', index], message: `two rungs start at ${step.from}` });
      }
      seen.add(step.from);
    }
    const excluded = new Set(contract.exclusions.map((e) => e.cause));
    if (excluded.has('none_known')) {
      ctx.addIssue({ code: 'custom', path: ['exclusions'], message: 'none_known cannot be an excluded cause' });
    }
  });
export type Contract = z.infer<typeof Contract>;
