import type { Problem } from '../domain/data-files.js';
import { type LexiconSet, parseLexicons } from '../triage/lexicon.js';
import { readYamlDir } from './yaml-file.js';

/** Reads and validates every lexicon of a folder (flows/lexicon). */
export async function loadLexicons(dir: string): Promise<{ lexicons: LexiconSet; problems: Problem[] }> {
  const { files, problems } = await readYamlDir(dir);
  const parsed = parseLexicons(files);
  const all = [...problems, ...parsed.problems];
  if (all.length === 0 && parsed.lexicons.size === 0) all.push({ file: dir, message: 'no lexicon files (*.yaml) found' });
  return { lexicons: parsed.lexicons, problems: all };
}
