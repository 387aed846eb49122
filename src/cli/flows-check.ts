import path from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { formatProblem } from '../catalog/problems.js';
import { PROJECT_ROOT } from '../paths.js';

/** `npm run flows:check [DIR]`: checks every data file of flows/ and prints each problem. */
const dir = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'flows'));
const { catalog, problems } = await loadCatalog(dir);
for (const p of problems) console.error(formatProblem(p));
if (!catalog || problems.length > 0) {
  console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}`);
  process.exit(1);
}
const flows = [...catalog.flowSet.flows.values()];
const steps = flows.reduce((n, f) => n + f.steps.size, 0);
console.log(`flows ok: ${flows.length} flows, ${steps} steps, ${catalog.contracts.size} contracts, ${catalog.lexicons.size} word lists in ${dir}`);
