import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { LlmOutcome } from '../triage/extractor.js';
import { answerJsonSchema, type LlmAnswer, parseAnswer } from '../triage/llm/answer.js';
import type { ChatMessage } from '../triage/llm/prompts.js';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

/** Why an LLM call gave no facts; `retryAfterMs` when a 429 said how long to wait. */
export class LlmCallError extends Error {
  constructor(
    readonly kind: Exclude<LlmOutcome, 'ok' | 'skipped_breaker_open'>,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'LlmCallError';
  }
}

export interface LlmCallResult {
  readonly answer: LlmAnswer;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

export interface LlmClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  /** The SDK's own timeout per request; the caller's signal bounds the whole call. */
  readonly timeoutMs: number;
}

/**
 * One chat completion through the `openai` SDK (any OpenAI-compatible endpoint): structured output
 * with the answer's JSON schema; when the provider refuses `json_schema` (400), JSON mode and the
 * same zod check, remembered for later calls. No retries: the breaker and the word lists take over.
 */
export class LlmClient {
  private readonly openai: OpenAI;
  private jsonSchema = true;

  constructor(readonly options: LlmClientOptions) {
    this.openai = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey, timeout: options.timeoutMs, maxRetries: 0 });
  }

  /** Whether the provider takes `json_schema` (false after it refused it once). */
  get structuredOutputs(): boolean {
    return this.jsonSchema;
  }

  async complete(messages: readonly ChatMessage[], signal: AbortSignal): Promise<LlmCallResult> {
    try {
      if (this.jsonSchema) {
        try {
          return await this.request(messages, signal, 'json_schema');
        } catch (error) {
          if (!(error instanceof APIError) || error.status !== 400) throw error;
          const result = await this.request(messages, signal, 'json_object');
          this.jsonSchema = false;
          return result;
        }
      }
      return await this.request(messages, signal, 'json_object');
    } catch (error) {
      throw callError(error, signal);
    }
  }

  private async request(
    messages: readonly ChatMessage[],
    signal: AbortSignal,
    mode: 'json_schema' | 'json_object',
  ): Promise<LlmCallResult> {
    const completion = await this.openai.chat.completions.create(
      {
        model: this.options.model,
        messages: messages.map(toSdkMessage),
        temperature: 0,
        response_format:
          mode === 'json_schema'
            ? { type: 'json_schema', json_schema: { name: 'fault_facts', strict: true, schema: answerJsonSchema() } }
            : { type: 'json_object' },
      },
      { signal },
    );
    const choice = completion.choices[0];
    const message = choice?.message;
    if (message?.refusal) throw new LlmCallError('refusal', message.refusal.slice(0, 200));
    if (choice?.finish_reason === 'content_filter') throw new LlmCallError('refusal', 'content filter');
    if (!message?.content) throw new LlmCallError('malformed', `no content (finish reason ${choice?.finish_reason ?? 'none'})`);
    const parsed = parseAnswer(message.content);
    if (!parsed.ok) throw new LlmCallError(parsed.kind, parsed.detail.slice(0, 200));
    return {
      answer: parsed.answer,
      ...(completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } : {}),
    };
  }
}

/** A message as the SDK types it: only the user's may hold images. */
function toSdkMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (typeof m.content === 'string') return { role: m.role, content: m.content };
  const text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
  if (m.role !== 'user') return { role: m.role, content: text };
  return {
    role: 'user',
    content: m.content.map((p) =>
      p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: { url: p.image_url.url } },
    ),
  };
}

/** Any failure of a call, as the kind the breaker, the log and /metrics know. */
export function callError(error: unknown, signal?: AbortSignal): LlmCallError {
  if (error instanceof LlmCallError) return error;
  if (signal?.aborted || error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) {
    return new LlmCallError('timeout', 'no answer within the time allowed');
  }
  if (error instanceof APIConnectionError) return new LlmCallError('connection', error.message);
  if (error instanceof APIError) {
    const given: unknown = error.status;
    const status = typeof given === 'number' ? given : 0;
    if (status === 429)
      return new LlmCallError(
        'rate_limited',
        error.message,
        retryAfterMs((error.headers as Headers | undefined)?.get('retry-after') ?? null),
      );
    if (status >= 500) return new LlmCallError('server_error', `${status} ${error.message}`);
    if (status === 400) return new LlmCallError('bad_request', error.message);
    return new LlmCallError('error', `${status} ${error.message}`);
  }
  return new LlmCallError('error', error instanceof Error ? error.message : String(error));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds; 0 when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(seconds, 3600) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.min(at - now, 3_600_000));
}
