import { stat } from 'node:fs/promises';
import type { Problem } from '../domain/data-files.js';
import { type LlmPromptSet, parseLlmPrompts } from '../triage/llm/prompts.js';
import { readYamlDir } from './yaml-file.js';

/**
 * Reads and validates the LLM triage's prompts (flows/llm), one per language. A flows folder
 * without llm/ (made before the LLM triage) loads with no prompts: the word lists work alone, and
 * turning the LLM on without prompts is refused at start (createExtractor).
 */
export async function loadLlmPrompts(dir: string): Promise<{ prompts: LlmPromptSet; problems: Problem[] }> {
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return { prompts: new Map(), problems: [] };
  const { files, problems } = await readYamlDir(dir);
  const parsed = parseLlmPrompts(files, dir);
  return { prompts: parsed.prompts, problems: [...problems, ...parsed.problems] };
}
