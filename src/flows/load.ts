import path from 'node:path';
import type { Problem } from '../domain/data-files.js';
import { zodProblems } from '../domain/data-files.js';
import type { YamlFile } from '../domain/data-files.js';
import { checkFlow, checkSettings } from './check.js';
import { indexCommands } from './commands.js';
import { IntentsFile } from './intents.js';
import type { CompiledFlow, FlowSet } from './flow-set.js';
import { FlowFile, SettingsFile, type Step } from './schema.js';

const SETTINGS_FILE = 'settings.yaml';
/** What free text means where nothing is asked (thanks, still broken, a status question). */
const INTENTS_FILE = 'intents.yaml';

/**
 * Builds the flow set from the YAML files of flows/ (settings.yaml holds the settings): schema
 * first, then the semantic pass. Returns every problem found, or the flow set when there is none.
 */
export function compileFlows(files: readonly YamlFile[]): { flowSet?: FlowSet; problems: Problem[] } {
  const problems: Problem[] = [];
  const flows = new Map<string, CompiledFlow>();
  let settings: { file: string; data: SettingsFile } | undefined;
  let intents: IntentsFile | undefined;

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

  for (const flow of flows.values()) problems.push(...checkFlow(flow, flows));
  if (!settings) {
    problems.push({ file: SETTINGS_FILE, message: 'the settings file is missing or invalid' });
    return { problems };
  }
  problems.push(...checkSettings(settings.file, settings.data, flows));
  return problems.length > 0 ? { problems } : { flowSet: { flows, settings: settings.data, commands: indexCommands(settings.data), ...(intents ? { intents } : {}) }, problems };
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
