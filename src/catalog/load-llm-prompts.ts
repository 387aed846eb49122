import type { Problem } from '../domain/data-files.js';
import { type LlmPromptSet, parseLlmPrompts } from '../triage/llm/prompts.js';
import { readYamlDir } from './yaml-file.js';

/** Reads and validates the LLM triage's prompts (flows/llm), one per language. */
export async function loadLlmPrompts(dir: string): Promise<{ prompts: LlmPromptSet; problems: Problem[] }> {
  const { files, problems } = await readYamlDir(dir).catch((error: unknown) => ({
    files: [],
    problems: [{ file: dir, message: error instanceof Error ? error.message : String(error) }],
  }));
  const parsed = parseLlmPrompts(files, dir);
  return { prompts: parsed.prompts, problems: [...problems, ...parsed.problems] };
}
