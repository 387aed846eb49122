import path from 'node:path';
import { loadLexicons } from '../../src/catalog/load-lexicons.js';
import type { LexiconSet } from '../../src/triage/lexicon.js';
import { RulesExtractor } from '../../src/triage/rules-extractor.js';

const LEXICON_DIR = path.resolve(import.meta.dirname, '../../flows/lexicon');

/** The shipped lexicons, loaded as the application loads them; any problem fails the test. */
export async function shippedLexicons(): Promise<LexiconSet> {
  const { lexicons, problems } = await loadLexicons(LEXICON_DIR);
  if (problems.length > 0) throw new Error(JSON.stringify(problems, null, 2));
  return lexicons;
}

export async function shippedExtractor(): Promise<RulesExtractor> {
  return new RulesExtractor(await shippedLexicons());
}
