import { z } from 'zod';
import { type Problem, type YamlFile, zodProblems } from '../../domain/data-files.js';
import { LANGS, Lang } from '../../domain/i18n.js';
import { completeAnswer, LlmExampleAnswer, vocabularyText } from './answer.js';

/**
 * The LLM triage's prompt as data (flows/llm/<lang>.yaml): the instructions, the description of the
 * answer's schema and the few-shot examples, versioned, so that a provider tunes them without code.
 * `{vocabulary}` in the instructions or the schema description is replaced by the facts' values.
 */
export const LlmPrompt = z.strictObject({
  lang: Lang,
  /** Recorded with every call, so that answers can be traced to the prompt that asked. */
  version: z.string().trim().min(1),
  instructions: z.string().trim().min(1),
  schemaDescription: z.string().trim().min(1),
  examples: z.array(z.strictObject({ text: z.string().trim().min(1), answer: LlmExampleAnswer })).default([]),
});
export type LlmPrompt = z.infer<typeof LlmPrompt>;
export type LlmPromptSet = ReadonlyMap<Lang, LlmPrompt>;

/** Validates prompt files: one per language, every language present. */
export function parseLlmPrompts(files: readonly YamlFile[], dir: string): { prompts: LlmPromptSet; problems: Problem[] } {
  const prompts = new Map<Lang, LlmPrompt>();
  const problems: Problem[] = [];
  for (const { file, data } of files) {
    const result = LlmPrompt.safeParse(data);
    if (!result.success) {
      problems.push(...zodProblems(file, result.error));
      continue;
    }
    if (prompts.has(result.data.lang)) {
      problems.push({ file, where: 'lang', message: `an LLM prompt for ${result.data.lang} is already defined` });
      continue;
    }
    prompts.set(result.data.lang, result.data);
  }
  for (const lang of LANGS)
    if (!prompts.has(lang) && problems.length === 0) problems.push({ file: dir, message: `no LLM prompt for ${lang}` });
  return { prompts, problems };
}

/** A part of a message with an image: the text, or an image as a data: URL (the chat completions format). */
export type ContentPart =
  { readonly type: 'text'; readonly text: string } | { readonly type: 'image_url'; readonly image_url: { readonly url: string } };

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string | readonly ContentPart[];
}

/**
 * The messages of one call: instructions with the schema, the examples as turns, then the (masked)
 * text — with the report's images after it, as data: URLs, when there are any.
 */
export function promptMessages(prompt: LlmPrompt, text: string, images: readonly { mime: string; data: Uint8Array }[] = []): ChatMessage[] {
  const vocabulary = vocabularyText();
  const system = `${prompt.instructions.replaceAll('{vocabulary}', vocabulary)}\n\n${prompt.schemaDescription.replaceAll('{vocabulary}', vocabulary)}`;
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const example of prompt.examples) {
    messages.push({ role: 'user', content: example.text }, { role: 'assistant', content: JSON.stringify(completeAnswer(example.answer)) });
  }
  if (images.length === 0) messages.push({ role: 'user', content: text });
  else {
    const parts: ContentPart[] = [{ type: 'text', text }];
    for (const image of images) {
      parts.push({ type: 'image_url', image_url: { url: `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}` } });
    }
    messages.push({ role: 'user', content: parts });
  }
  return messages;
}
