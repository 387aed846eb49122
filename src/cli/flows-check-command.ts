import path from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { formatProblem } from '../domain/data-files.js';
import { PROJECT_ROOT } from '../paths.js';

/** Where the command writes: the process's own streams, or a test's. */
export interface CheckIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/**
 * `npm run flows:check [DIR]` (src/cli/flows-check.ts runs it; tests run it in-process): checks
 * every data file of flows/ and prints each problem. Returns the exit code: 0 clean, 1 problems.
 */
export async function flowsCheckCommand(argv: readonly string[], io: CheckIo): Promise<number> {
  const dir = path.resolve(argv[0] ?? path.join(PROJECT_ROOT, 'flows'));
  const { catalog, problems } = await loadCatalog(dir);
  for (const p of problems) io.stderr(formatProblem(p));
  if (!catalog || problems.length > 0) {
    io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const flows = [...catalog.flowSet.flows.values()];
  const steps = flows.reduce((n, f) => n + f.steps.size, 0);
  io.stdout(
    `flows ok: ${flows.length} flows, ${steps} steps, ${catalog.contracts.size} contracts, ${catalog.lexicons.size} word lists, ${catalog.llmPrompts.size} LLM prompts in ${dir}`,
  );
  return 0;
}
