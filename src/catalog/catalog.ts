import path from 'node:path';
import type { FlowSet } from '../flows/flow-set.js';
import { type ContractSet, parseContracts } from './contracts.js';
import { type Desk, loadDesk, readChecked } from './desk.js';
import { ImportSpec, withShownKindNames } from '../domain/asset-import/spec.js';
import type { LexiconSet } from '../triage/lexicon.js';
import { loadLexicons } from './load-lexicons.js';
import { loadLlmPrompts } from './load-llm-prompts.js';
import type { LlmPromptSet } from '../triage/llm/prompts.js';
import { loadFlows } from './load-flows.js';
import type { Problem } from '../domain/data-files.js';
import { readYamlDir } from './yaml-file.js';

/** Everything customers change, read from the flows/ folder and checked. */
export interface Catalog {
  readonly flowSet: FlowSet;
  readonly contracts: ContractSet;
  readonly desk: Desk;
  /** Word lists of the rules triage, per language. */
  readonly lexicons: LexiconSet;
  /** The optional LLM triage's prompts, per language (flows/llm). */
  readonly llmPrompts: LlmPromptSet;
  /** How an equipment list is read (flows/assets/import.yaml): headers, kind names, tags, problems' texts. */
  readonly assetImport: ImportSpec;
}

/** Loads and checks every data file; returns the catalog only when nothing is wrong. */
export async function loadCatalog(dir: string): Promise<{ catalog?: Catalog; problems: Problem[] }> {
  const problems: Problem[] = [];
  const flows = await loadFlows(dir);
  problems.push(...flows.problems);
  const contractFiles = await readYamlDir(path.join(dir, 'contracts'));
  const contracts = parseContracts(contractFiles.files);
  problems.push(...contractFiles.problems, ...contracts.problems);
  if (contracts.contracts.size === 0) problems.push({ file: path.join(dir, 'contracts'), message: 'no contract is defined' });
  const desk = await loadDesk(path.join(dir, 'desk'));
  problems.push(...desk.problems);
  if (desk.desk && !contracts.contracts.has(desk.desk.desk.defaultContract)) {
    problems.push({
      file: path.join(dir, 'desk', 'desk.yaml'),
      where: 'defaultContract',
      message: `contract "${desk.desk.desk.defaultContract}" does not exist`,
    });
  }
  const lexicons = await loadLexicons(path.join(dir, 'lexicon'));
  problems.push(...lexicons.problems);
  const llmPrompts = await loadLlmPrompts(path.join(dir, 'llm'));
  problems.push(...llmPrompts.problems);
  const assetImport = await readChecked(path.join(dir, 'assets', 'import.yaml'), ImportSpec, problems);
  if (problems.length > 0 || !flows.flowSet || !desk.desk || !assetImport) return { problems };
  return {
    catalog: {
      flowSet: flows.flowSet,
      contracts: contracts.contracts,
      desk: desk.desk,
      lexicons: lexicons.lexicons,
      llmPrompts: llmPrompts.prompts,
      assetImport: withShownKindNames(assetImport, desk.desk.labels.devices),
    },
    problems,
  };
}
