import type { CommandIndex } from './commands.js';
import type { IntentsFile } from './intents.js';
import type { SettingsFile, Step } from './schema.js';

export interface CompiledFlow {
  readonly id: string;
  readonly file: string;
  readonly title: { readonly 'zh-CN': string; readonly en: string };
  readonly slots: ReadonlySet<string>;
  readonly start: string;
  readonly steps: ReadonlyMap<string, Step>;
}

/** Every flow, checked and indexed, with the settings the engine runs by. */
export interface FlowSet {
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  readonly settings: SettingsFile;
  /** The global commands' words, for matching a message in one lookup. */
  readonly commands: CommandIndex;
  /** flows/intents.yaml: what free text means where nothing is asked; without it, free text is a report. */
  readonly intents?: IntentsFile;
  /** What typed answers mean (flows/answers.yaml): phrases per meaning, both languages together. */
  readonly answers?: ReadonlyMap<string, readonly string[]>;
}

export function getStep(set: FlowSet, flowId: string, stepId: string): Step | undefined {
  return set.flows.get(flowId)?.steps.get(stepId);
}
