import path from 'node:path';
import { parseContracts } from '../../src/catalog/contracts.js';
import { readYamlDir } from '../../src/catalog/yaml-file.js';
import type { Contract } from '../../src/domain/contract.js';

export const FLOWS_DIR = path.resolve(import.meta.dirname, '../../flows');

/** The shipped contracts, loaded as the application loads them. */
export async function shippedContracts(): Promise<{ gx: Contract; cg: Contract }> {
  const { files, problems } = await readYamlDir(path.join(FLOWS_DIR, 'contracts'));
  const parsed = parseContracts(files);
  const all = [...problems, ...parsed.problems];
  if (all.length > 0) throw new Error(JSON.stringify(all));
  return { gx: parsed.contracts.get('GX-EDU')!, cg: parsed.contracts.get('CG-CULTURE')! };
}
