import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { WARRANTY_DECISIONS } from '../domain/contract.js';
import type { Problem } from '../domain/data-files.js';
import { Duration } from '../domain/duration.js';
import { Device, Symptom } from '../domain/facts.js';
import { DEFAULT_LANG, Lang } from '../domain/i18n.js';
import type { ChannelName } from '../domain/messages.js';
import { STATUSES } from '../domain/ticket-life.js';

/** A text to find: a part of the text, or `/a regular expression/` (flags after the last slash). */
export interface Matcher {
  readonly source: string;
  /** Whether a message's text contains it (or the expression matches). */
  readonly within: (text: string) => boolean;
  /** Whether a button's label is it (or the expression matches). */
  readonly is: (label: string) => boolean;
}

function matcher(source: string): Matcher {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(source);
  if (re?.[1] !== undefined) {
    const regex = new RegExp(re[1], (re[2] ?? '').replace(/[gy]/g, ''));
    return { source, within: (text) => regex.test(text), is: (label) => regex.test(label) };
  }
  return { source, within: (text) => text.includes(source), is: (label) => label.trim() === source.trim() };
}

const Text = z.union([z.string().min(1, 'must not be empty'), z.number().transform(String)]);
const Pattern = Text.superRefine((text, ctx) => {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!re?.[1]) return;
  try {
    new RegExp(re[1], re[2]);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
  }
});
const Patterns = z.union([Pattern.transform((t) => [t]), z.array(Pattern).min(1)]).transform((list) => list.map(matcher));

const TicketExpectation = z
  .strictObject({
    severity: z.enum(['A', 'B', 'C', 'D']),
    status: z.enum(STATUSES),
    warranty: z.enum(WARRANTY_DECISIONS),
    billable: z.boolean(),
    contract: z.string(),
    /** The asset's tag; null: no asset identified. */
    asset: z.string().nullable(),
    symptom: Symptom,
    device: Device,
  })
  .partial();
export type TicketExpectation = z.infer<typeof TicketExpectation>;

const AgentAction = z.string().transform((text, ctx) => {
  const t = text.trim();
  if (t === 'take' || t === 'handback') return { action: t } as const;
  const say = /^say\s+(.+)$/s.exec(t);
  if (say?.[1]) return { action: 'say', text: say[1] } as const;
  // The teacher's newest ticket marked resolved, with the agent's note (the teacher is told).
  const resolve = /^resolve(?:\s+(.+))?$/s.exec(t);
  if (resolve) return { action: 'resolve', text: resolve[1] ?? '' } as const;
  ctx.addIssue({ code: 'custom', message: `"${t}" is not take, say <text>, resolve [note] or handback` });
  return z.NEVER;
});

/** Each step kind: what its value must be, and the step it makes. */
const STEP_VALUES = {
  user: Text.transform((text) => ({ kind: 'user', text }) as const),
  press: Pattern.transform((label) => ({ kind: 'press', label: matcher(label) }) as const),
  /** Presses a button of an earlier question (not the newest buttons), as a teacher scrolling up does. */
  press_old: Pattern.transform((label) => ({ kind: 'press_old', label: matcher(label) }) as const),
  /** How the teacher's newest message reads in the transcript (a pressed button: its label). */
  recorded: Pattern.transform((text) => ({ kind: 'recorded', text: matcher(text) }) as const),
  photo: z.union([z.literal(true), z.string()]).transform((v) => ({ kind: 'photo', ...(v === true ? {} : { caption: v }) }) as const),
  start: z
    .union([z.literal(true), z.string().min(1)])
    .transform((v) => ({ kind: 'start', ...(v === true ? {} : { assetTag: v }) }) as const),
  bot: Patterns.transform((texts) => ({ kind: 'bot', texts }) as const),
  not_bot: Patterns.transform((texts) => ({ kind: 'not_bot', texts }) as const),
  offers: Patterns.transform((labels) => ({ kind: 'offers', labels }) as const),
  silent: z.literal(true).transform(() => ({ kind: 'silent' }) as const),
  agent: AgentAction.transform((a) => ({ kind: 'agent', ...a }) as const),
  advance: Duration.transform((ms) => ({ kind: 'advance', ms }) as const),
  ticket: TicketExpectation.transform((expect) => ({ kind: 'ticket', expect }) as const),
  tickets: z
    .number()
    .int()
    .min(0)
    .transform((count) => ({ kind: 'tickets', count }) as const),
  questions: z
    .number()
    .int()
    .min(1)
    .transform((max) => ({ kind: 'questions', max }) as const),
};
export type StepKind = keyof typeof STEP_VALUES;
export const STEP_KINDS = Object.keys(STEP_VALUES) as StepKind[];

export type Step = z.output<(typeof STEP_VALUES)[StepKind]> & {
  /** The step as written ("press: 我要报修"), and where. */
  readonly written: string;
  readonly line: number;
};

export interface ConversationTest {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lang: Lang;
  readonly channel: ChannelName;
  readonly steps: readonly Step[];
}

const CHANNEL_NAMES = ['webchat', 'telegram', 'line'] as const satisfies readonly ChannelName[];

const TestFile = z.strictObject({
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        lang: Lang.optional(),
        channel: z.enum(CHANNEL_NAMES).optional(),
        steps: z.array(z.unknown()).min(1, 'a test needs at least one step'),
      }),
    )
    .min(1, 'the file has no tests'),
});

/** Reads one test file's text: its conversation tests, or what is wrong with it (with lines). */
export function parseTestFile(file: string, text: string): { tests: ConversationTest[]; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const lineOf = (at: readonly PropertyKey[]) => nodeLine(doc, lines, at);
  const problem = (at: readonly PropertyKey[], message: string): Problem => ({ file, where: `line ${lineOf(at)}`, message });
  if (doc.errors.length > 0) {
    return {
      tests: [],
      problems: doc.errors.map((e) => ({
        file,
        ...(e.linePos ? { where: `line ${e.linePos[0].line}` } : {}),
        message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    };
  }
  const parsed = TestFile.safeParse(doc.toJS());
  if (!parsed.success) return { tests: [], problems: parsed.error.issues.map((i) => problem(i.path, issueText(i))) };

  const problems: Problem[] = [];
  const tests: ConversationTest[] = [];
  const names = new Set<string>();
  for (const [t, raw] of parsed.data.tests.entries()) {
    if (names.has(raw.name)) problems.push(problem(['tests', t, 'name'], `another test in this file is named "${raw.name}"`));
    names.add(raw.name);
    const steps: Step[] = [];
    for (const [s, value] of raw.steps.entries()) {
      const at = ['tests', t, 'steps', s];
      const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
      const key = keys[0];
      if (keys.length !== 1 || key === undefined) {
        problems.push(problem(at, `a step is one "key: value" (${STEP_KINDS.join(', ')})`));
        continue;
      }
      if (!(STEP_KINDS as string[]).includes(key)) {
        problems.push(problem([...at, key], `unknown step "${key}"; a step is one of ${STEP_KINDS.join(', ')}`));
        continue;
      }
      const kind = key as StepKind;
      const stepValue: unknown = (value as Record<string, unknown>)[kind];
      const step = STEP_VALUES[kind].safeParse(stepValue);
      if (!step.success) {
        for (const issue of step.error.issues) problems.push(problem([...at, kind, ...issue.path], `${kind}: ${issueText(issue)}`));
        continue;
      }
      steps.push({ ...step.data, written: `${kind}: ${written(stepValue)}`, line: lineOf(at) });
    }
    tests.push({
      file,
      name: raw.name,
      line: lineOf(['tests', t]),
      lang: raw.lang ?? DEFAULT_LANG,
      channel: raw.channel ?? 'webchat',
      steps,
    });
  }
  return problems.length > 0 ? { tests: [], problems } : { tests, problems };
}

/** Reads every test file (`*.yaml`) of a folder, sorted by name; a missing folder has none. */
export async function loadTestFiles(dir: string): Promise<{ tests: ConversationTest[]; problems: Problem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return { tests: [], problems: [] };
  }
  const tests: ConversationTest[] = [];
  const problems: Problem[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const read = parseTestFile(file, await readFile(file, 'utf8'));
    tests.push(...read.tests);
    problems.push(...read.problems);
  }
  return { tests, problems };
}

/** The line of the node at a path, or of its nearest ancestor present in the file. */
function nodeLine(doc: Document, lines: LineCounter, at: readonly PropertyKey[]): number {
  for (let n = at.length; n >= 0; n--) {
    const node = doc.getIn(at.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

function written(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
