import { z } from 'zod';
import { LocalText } from '../domain/i18n.js';

/** Stable identifiers: users mid-conversation are stored by step id, so ids never move. */
const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case');
const StepId = Id;
const FlowId = Id;
const SlotName = Id;
/** A slot, optionally followed by a path into its value: `asset.label`. */
const SlotPath = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)*$/, 'a slot path is slot or slot.field');

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

export type Condition =
  | { slot: string; equals: Json }
  | { slot: string; in: Json[] }
  | { slot: string; exists: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ slot: SlotPath, equals: JsonValue }),
    z.strictObject({ slot: SlotPath, in: z.array(JsonValue).min(1) }),
    z.strictObject({ slot: SlotPath, exists: z.boolean() }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
);

export const COMMANDS = ['start', 'cancel', 'help', 'human', 'my_tickets', 'language', 'report', 'link'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Words that pick an option when typed instead of pressed, per language. */
const Words = z.strictObject({ 'zh-CN': z.array(z.string().min(1)).default([]), en: z.array(z.string().min(1)).default([]) });

const Option = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,24}$/, 'option ids are short lower_snake_case'),
  label: LocalText,
  /** What is saved in the slot; the option id when absent. */
  value: JsonValue.optional(),
  words: Words.optional(),
  /** The meanings the option stands for: groups of flows/answers.yaml ("yes", "unknown"…), whose phrases pick it when typed. */
  means: z.union([Id, z.array(Id).min(1)]).optional(),
  next: StepId.optional(),
  /** Picking the option runs a global command (my tickets, a human, the language) instead. */
  command: z.enum(COMMANDS).optional(),
});
type Option = z.infer<typeof Option>;

/** Values handed to an action or a called flow: "{slot.path}" passes the raw value, other strings are templates. */
const Args = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const base = { id: StepId };
const next = { next: StepId.optional() };

const SayStep = z.strictObject({ ...base, kind: z.literal('say'), text: LocalText, ...next });
const AskStep = z.strictObject({
  ...base,
  kind: z.literal('ask'),
  text: LocalText,
  save: SlotName,
  validate: z
    .strictObject({
      minLength: z.number().int().nonnegative().optional(),
      maxLength: z.number().int().positive().optional(),
      pattern: z.string().optional(),
    })
    .optional(),
  invalid: LocalText.optional(),
  /** Asks for a phone number: Telegram shows its "share my number" button. */
  requestPhone: z.boolean().optional(),
  ...next,
});
const ChooseStep = z.strictObject({
  ...base,
  kind: z.literal('choose'),
  text: LocalText,
  save: SlotName,
  options: z.array(Option).optional(),
  /** A slot holding a list of {id, label, value?} built by an action (rooms, assets…); `options` follow it. */
  optionsFrom: SlotPath.optional(),
  /** Accept typed text that matches no option: saved in `save`, continues at `next`. */
  allowText: z.strictObject({ save: SlotName, next: StepId.optional() }).optional(),
  /** Shown instead of the prompt when `optionsFrom` is an empty list. */
  empty: LocalText.optional(),
  ...next,
});
const PhotoStep = z.strictObject({
  ...base,
  kind: z.literal('photo'),
  text: LocalText,
  save: SlotName,
  optional: z.boolean().default(true),
  ...next,
});
const BranchStep = z.strictObject({
  ...base,
  kind: z.literal('branch'),
  cases: z.array(z.strictObject({ when: Condition, next: StepId })).min(1),
  else: StepId,
});
const ActionStep = z.strictObject({
  ...base,
  kind: z.literal('action'),
  action: z.string().min(1),
  input: Args.optional(),
  save: SlotName.optional(),
  /** Where each outcome of the action continues; `next` catches the rest. */
  on: z.record(z.string(), StepId).optional(),
  ...next,
});
/** Sets slots from values and templates. */
const SetStep = z.strictObject({ ...base, kind: z.literal('set'), values: Args, ...next });
const GotoStep = z.strictObject({ ...base, kind: z.literal('goto'), flow: FlowId, with: Args.optional() });
const CallStep = z.strictObject({ ...base, kind: z.literal('call'), flow: FlowId, with: Args.optional(), ...next });
const EndStep = z.strictObject({ ...base, kind: z.literal('end'), text: LocalText.optional() });

export const Step = z.discriminatedUnion('kind', [SayStep, SetStep, AskStep, ChooseStep, PhotoStep, BranchStep, ActionStep, GotoStep, CallStep, EndStep]);
export type Step = z.infer<typeof Step>;

/** flows/answers.yaml: what typed answers mean, as groups of phrases per language. */
export const AnswersFile = z.strictObject({ groups: z.record(Id, Words) });
export type AnswersFile = z.infer<typeof AnswersFile>;

export const FlowFile = z.strictObject({
  id: FlowId,
  title: LocalText,
  /** Slots this flow reads and writes; every reference must name one of them. */
  slots: z.array(SlotName).default([]),
  start: StepId,
  steps: z.array(Step).min(1),
});
export type FlowFile = z.infer<typeof FlowFile>;


const CommandSpec = z.strictObject({ label: LocalText, slash: z.array(z.string().regex(/^\/[a-z_]+$/)), words: Words });

/** flows/settings.yaml: which flow does what, limits, global commands and the system texts. */
export const SettingsFile = z.strictObject({
  flows: z.strictObject({
    welcome: FlowId,
    main: FlowId,
    report: FlowId,
    human: FlowId,
    myTickets: FlowId,
    link: FlowId,
    /** Reads free text typed where nothing is asked (it receives it in reportSlots.firstText); without it, such text starts a report. */
    followUp: FlowId.optional(),
  }),
  /** The slot of the report flow that receives an asset tag from a QR link, and the one for first words. */
  reportSlots: z.strictObject({ assetTag: SlotName, firstText: SlotName, site: SlotName.optional() }),
  timeoutMinutes: z.number().int().positive(),
  /** After this long waiting for a human with no word from the bot, the user's next message gets an offer to go back to the bot. */
  humanWaitMinutes: z.number().int().positive().default(30),
  maxTextLength: z.number().int().positive(),
  maxChoices: z.number().int().min(2).max(13),
  /** Typed words that skip an optional photo. */
  skipWords: Words,
  /** Every command, with its button label, slash commands and the words that trigger it. */
  commands: z.record(z.enum(COMMANDS), CommandSpec),
  texts: z.record(z.string(), LocalText),
  /** Names of message kinds the bot cannot read (sticker, location…), for the `unsupported` text. */
  contentNames: z.record(z.string(), LocalText).default({}),
});
export type SettingsFile = z.infer<typeof SettingsFile>;

/** System texts the engine itself says; settings.yaml must provide each. */
export const SYSTEM_TEXTS = [
  'empty_message',
  'too_long',
  'unreadable',
  'not_an_option',
  'stale_choice',
  'need_text',
  'need_photo',
  'photo_skip',
  'more_options',
  'help',
  'cancelled',
  'language_switched',
  'timed_out',
  // Asked when a greeting or a menu word comes in the middle of a report.
  'interrupted',
  // Said when a photo comes at a question that wants words: kept for the report.
  'photo_kept',
  'resume',
  'restart',
  'unsupported',
  'edited',
  'back_to_bot',
  'flow_error',
  // Said when a typed answer fits several options equally: the options follow, numbered.
  'ambiguous',
  // Said by the console when an agent takes over a conversation or passes it to a colleague.
  'agent_joined',
  'agent_transferred',
  // Said while the user waits for a human (app/human-wait.ts): the offer after humanWaitMinutes, its
  // buttons, and the answers to it, to a cancel and to a button of an earlier question.
  'human_wait_offer',
  'human_wait_keep',
  'human_wait_back',
  'human_wait_kept',
  'human_wait_ended',
  'human_cancelled',
  'human_stale_choice',
] as const;
export type SystemText = (typeof SYSTEM_TEXTS)[number];
