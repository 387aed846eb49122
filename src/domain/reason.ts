import type { Contract } from './contract.js';
import { type LocalText, localText } from './i18n.js';

/** Why a decision was taken: the contract and clause it rests on, in both languages. */
export interface Reason {
  readonly contract: string;
  readonly clause: string;
  readonly text: LocalText;
}

export function reason(
  contract: Contract,
  clause: string,
  zh: string,
  en: string,
  values: Readonly<Record<string, string | number>> = {},
): Reason {
  return { contract: contract.id, clause, text: localText(zh, en, values) };
}
