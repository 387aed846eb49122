import type { Problem } from '../domain/data-files.js';
import { compileFlows } from '../flows/load.js';
import type { FlowSet } from '../flows/flow-set.js';
import { readYamlDir } from './yaml-file.js';

/** Reads and checks the conversation flows and settings of a flows/ folder. */
export async function loadFlows(dir: string): Promise<{ flowSet?: FlowSet; problems: Problem[] }> {
  const { files, problems } = await readYamlDir(dir);
  const compiled = compileFlows(files);
  return compiled.flowSet ? { flowSet: compiled.flowSet, problems } : { problems: [...problems, ...compiled.problems] };
}
