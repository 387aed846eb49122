import { isTimeZone } from '../domain/calendar.js';
import { Contract } from '../domain/contract.js';
import type { Problem } from '../domain/data-files.js';
import { zodProblems } from '../domain/data-files.js';
import type { YamlFile } from '../domain/data-files.js';

export type ContractSet = ReadonlyMap<string, Contract>;

/** Validates contract files; every problem in every file is reported, not just the first. */
export function parseContracts(files: readonly YamlFile[]): { contracts: ContractSet; problems: Problem[] } {
  const contracts = new Map<string, Contract>();
  const problems: Problem[] = [];
  const origin = new Map<string, string>();
  for (const { file, data } of files) {
    const result = Contract.safeParse(data);
    if (!result.success) {
      problems.push(...zodProblems(file, result.error));
      continue;
    }
    const contract = result.data;
    if (!isTimeZone(contract.timeZone)) {
      problems.push({ file, where: 'timeZone', message: `unknown time zone "${contract.timeZone}"` });
      continue;
    }
    const earlier = origin.get(contract.id);
    if (earlier) {
      problems.push({ file, where: 'id', message: `contract ${contract.id} is already defined in ${earlier}` });
      continue;
    }
    origin.set(contract.id, file);
    contracts.set(contract.id, contract);
  }
  return { contracts, problems };
}
