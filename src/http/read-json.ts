import type { Context } from 'hono';
import type { z } from 'zod';
import { storable } from '../domain/storable.js';
import { HttpError } from '../web/errors.js';
import { readBody } from '../web/read-body.js';

/**
 * Whether a Content-Type names JSON: its media type (type/subtype, before the first `;`, any
 * case) is application/json. Parameters are not looked at: `text/plain; x=application/json` is
 * not JSON.
 */
export function isJsonType(contentType: string | undefined): boolean {
  const [mediaType = ''] = (contentType ?? '').split(';', 1);
  return mediaType.trim().toLowerCase() === 'application/json';
}

/**
 * The one reader of JSON request bodies: Content-Type application/json (415 otherwise), at most
 * `maxBytes` (413, as soon as Content-Length or the bytes read pass it), UTF-8 JSON (400), every
 * string made storable (src/domain/storable.ts), then the schema (400 naming the field). An empty
 * body reads as `{}`.
 */
export async function readJson<T>(c: Context, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  if (!isJsonType(c.req.header('content-type')))
    throw new HttpError(415, 'unsupported_media_type', 'send JSON with Content-Type: application/json');
  const bytes = await readBody(c, maxBytes);
  let body: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON (in UTF-8)');
  }
  return parse(schema, storable(body));
}

/** The first problem a failed parse found (zod fails a parse only with at least one). */
export function firstIssue(error: z.ZodError): z.ZodError['issues'][number] {
  const [issue] = error.issues;
  if (!issue) throw new Error('A failed zod parse reports at least one issue.');
  return issue;
}

/** A value checked against a schema: 400 with the first problem, naming its field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = firstIssue(result.error);
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'invalid_request', `${where}${issue.message}`);
  }
  return result.data;
}
