import path from 'node:path';
import type { Problem } from '../domain/data-files.js';
import { zodProblems } from '../domain/data-files.js';
import type { YamlFile } from '../domain/data-files.js';
import { checkFlow, checkSettings } from './check.js';
import { indexCommands } from './commands.js';
import { IntentsFile } from './intents.js';
import type { CompiledFlow, FlowSet } from './flow-set.js';
import { AnswersFile, FlowFile, SettingsFile, type Step } from './schema.js';

const SETTINGS_FILE = 'settings.yaml';
/** What free text means where nothing is asked (thanks, still broken, a status question). */
const INTENTS_FILE = 'intents.yaml';
const ANSWERS_FILE = 'answers.yaml';

/**
 * Builds the flow set from the YAML files of flows/ (settings.yaml holds the settings): schema
 * first, then the semantic pass. Returns every problem found, or the flow set when there is none.
 */
export function compileFlows(files: readonly YamlFile[]): { flowSet?: FlowSet; problems: Problem[] } {
  const problems: Problem[] = [];
  const flows = new Map<string, CompiledFlow>();
  let settings: { file: string; data: SettingsFile } | undefined;
  let intents: IntentsFile | undefined;
  const answers = new Map<string, string[]>();

  for (const { file, data } of files) {
    if (path.basename(file) === SETTINGS_FILE) {
      const parsed = SettingsFile.safeParse(data);
      if (parsed.success) settings = { file, data: parsed.data };
      else problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    if (path.basename(file) === INTENTS_FILE) {
      const parsed = IntentsFile.safeParse(data);
      if (parsed.success) intents = parsed.data;
      else problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    if (path.basename(file) === ANSWERS_FILE) {
      const parsed = AnswersFile.safeParse(data);
      if (parsed.success) for (const [group, words] of Object.entries(parsed.data.groups)) answers.set(group, [...words['zh-CN'], ...words.en]);
      else problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    const parsed = FlowFile.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error).map((p) => locateStep(p, data)));
      continue;
    }
    const flow = parsed.data;
    const earlier = flows.get(flow.id);
    if (earlier) {
      problems.push({ file, where: `flow ${flow.id}`, message: `flow id already used in ${earlier.file}` });
      continue;
    }
    const steps = new Map<string, Step>();
    for (const step of flow.steps) {
      if (steps.has(step.id)) problems.push({ file, where: `flow ${flow.id}, step ${step.id}`, message: 'step id used twice' });
      steps.set(step.id, step);
    }
    flows.set(flow.id, { id: flow.id, file, title: flow.title, slots: new Set(flow.slots), start: flow.start, steps });
  }

  for (const flow of flows.values()) problems.push(...checkFlow(flow, flows), ...checkMeanings(flow, answers));
  if (!settings) {
    problems.push({ file: SETTINGS_FILE, message: 'the settings file is missing or invalid' });
    return { problems };
  }
  problems.push(...checkSettings(settings.file, settings.data, flows));
  return problems.length > 0
    ? { problems }
    : { flowSet: { flows, settings: settings.data, commands: indexCommands(settings.data), answers, ...(intents ? { intents } : {}) }, problems };
}

/** Names the step of a schema problem (`steps.3.text` → step "ask_room", steps.3.text). */
function locateStep(problem: Problem, data: unknown): Problem {
  const match = /^steps\.(\d+)(.*)$/.exec(problem.where ?? '');
  if (!match) return problem;
  const steps = (data as { steps?: unknown[] } | null)?.steps;
  const step = Array.isArray(steps) ? (steps[Number(match[1])] as { id?: unknown } | undefined) : undefined;
  const id = typeof step?.id === 'string' ? step.id : `#${Number(match[1]) + 1}`;
  return { ...problem, where: `step ${id}${match[2] ? ` (${match[2].slice(1)})` : ''}` };
}

/** Every meaning an option names is a group of answers.yaml. */
function checkMeanings(flow: CompiledFlow, answers: ReadonlyMap<string, readonly string[]>): Problem[] {
  const problems: Problem[] = [];
  for (const step of flow.steps.values()) {
    if (step.kind !== 'choose') continue;
    for (const option of step.options ?? []) {
      for (const group of [option.means ?? []].flat()) {
        if (!answers.has(group)) {
          problems.push({ file: flow.file, where: `step ${step.id}, option ${option.id}`, message: `means "${group}", which ${ANSWERS_FILE} does not define` });
        }
      }
    }
  }
  return problems;
}
