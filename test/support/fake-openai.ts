import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake server. */
export type FakeAnswer =
  /** 200 with this text as the assistant's content (and usage). */
  | { readonly content: string; readonly delayMs?: number; readonly promptTokens?: number; readonly completionTokens?: number }
  /** 200 with a refusal instead of content. */
  | { readonly refusal: string }
  /** This status with an OpenAI-style error body and headers. */
  | { readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  /** The connection is destroyed before any answer. */
  | { readonly reset: true }
  /** 400 when the request asks for json_schema, else the next answer. */
  | { readonly rejectJsonSchema: true; readonly then: FakeAnswer };

export interface FakeRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { schema: unknown } };
  };
}

/** Chooses the answer to one request from what it asks (see FakeOpenAi.respond). */
export type FakeResponder = (request: FakeRequest) => FakeAnswer;

/** The text of a request's last user message: the report the LLM extractor asks about. */
export function lastUserText(request: FakeRequest): string | undefined {
  const message = request.body.messages.findLast((m) => m.role === 'user');
  if (!message) return undefined;
  // A message with images is a list of parts; its text is the text parts'.
  const content: unknown = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return (content as { type?: string; text?: string }[])
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('\n');
}

/**
 * An OpenAI-compatible server on loopback for tests: POST /v1/chat/completions answers from a
 * script, one entry per request in order (the last one repeats), or from a responder that reads
 * each request; every request is recorded. The real `openai` client talks to it: no network.
 */
export class FakeOpenAi {
  readonly requests: FakeRequest[] = [];
  private script: FakeAnswer[] = [];
  private responder: FakeResponder | undefined;
  private server: Server | undefined;

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the fake server is not listening');
    return `http://127.0.0.1:${address.port}/v1`;
  }

  /** The answers to the next requests, in order; the last one repeats. */
  answer(...script: FakeAnswer[]): this {
    this.script = [...script];
    this.responder = undefined;
    return this;
  }

  /** Answers every request with what `responder` chooses for it (instead of a script). */
  respond(responder: FakeResponder): this {
    this.responder = responder;
    this.script = [];
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeRequest['body'];
    const request: FakeRequest = { path: req.url, authorization: req.headers.authorization, body };
    this.requests.push(request);
    const next = this.responder ? this.responder(request) : this.script.length > 1 ? this.script.shift() : this.script[0];
    await this.reply(next ?? { status: 500, message: 'no scripted answer' }, body, res);
  }

  private async reply(answer: FakeAnswer, body: FakeRequest['body'], res: ServerResponse): Promise<void> {
    if ('rejectJsonSchema' in answer) {
      if (body.response_format?.type === 'json_schema') {
        return this.reply({ status: 400, message: "response_format type 'json_schema' is not supported" }, body, res);
      }
      return this.reply(answer.then, body, res);
    }
    if ('reset' in answer) {
      res.socket?.destroy();
      return;
    }
    if ('status' in answer) {
      const error = { error: { message: answer.message ?? `status ${answer.status}`, type: 'fake_error', code: null } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(error));
      return;
    }
    if ('content' in answer && answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    const message =
      'refusal' in answer
        ? { role: 'assistant', content: null, refusal: answer.refusal }
        : { role: 'assistant', content: answer.content, refusal: null };
    const usage =
      'content' in answer
        ? { prompt_tokens: answer.promptTokens ?? 120, completion_tokens: answer.completionTokens ?? 40 }
        : { prompt_tokens: 100, completion_tokens: 5 };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-fake-${this.requests.length}`,
        object: 'chat.completion',
        created: 1_790_000_000,
        model: body.model,
        choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }
}

/** An answer of the LLM in the vocabulary: the given facts, every other one null. */
export function llmAnswer(
  facts: Readonly<Record<string, { value: string | boolean; confidence?: number; quote?: string }>>,
  extra: { place?: string; summary?: string } = {},
): string {
  const keys = ['device', 'accessory', 'symptom', 'cause', 'scope', 'usable', 'majorEvent'];
  return JSON.stringify({
    ...Object.fromEntries(
      keys.map((key) => {
        const fact = facts[key];
        return [
          key,
          fact
            ? { value: fact.value, confidence: fact.confidence ?? 0.9, quote: fact.quote ?? null }
            : { value: null, confidence: 1, quote: null },
        ];
      }),
    ),
    place: extra.place ?? null,
    summary: extra.summary ?? null,
  });
}
