import path from 'node:path';
import { type ContractSet, parseContracts } from '../catalog/contracts.js';
import { loadLexicons } from '../catalog/load-lexicons.js';
import { readYamlDir } from '../catalog/yaml-file.js';
import type { Problem } from '../domain/data-files.js';
import type { LexiconSet } from '../triage/lexicon.js';

/** What a triage command needs from flows/: the contracts and the word lists. */
export interface TriageData {
  readonly contracts: ContractSet;
  readonly lexicons: LexiconSet;
}

/** Reads flows/contracts and flows/lexicon; every problem of either, or the data. */
export async function loadTriageData(flows: string): Promise<TriageData | { problems: Problem[] }> {
  const problems: Problem[] = [];
  const contractFiles = await readYamlDir(path.join(flows, 'contracts')).catch((error: unknown) => {
    problems.push({ file: path.join(flows, 'contracts'), message: error instanceof Error ? error.message : String(error) });
    return { files: [], problems: [] };
  });
  const { contracts, problems: contractProblems } = parseContracts(contractFiles.files);
  const lexiconResult = await loadLexicons(path.join(flows, 'lexicon')).catch((error: unknown) => ({
    lexicons: new Map() as LexiconSet,
    problems: [{ file: path.join(flows, 'lexicon'), message: error instanceof Error ? error.message : String(error) }],
  }));
  problems.push(...contractFiles.problems, ...contractProblems, ...lexiconResult.problems);
  return problems.length > 0 ? { problems } : { contracts, lexicons: lexiconResult.lexicons };
}
