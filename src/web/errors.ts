import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { Conflict, Forbidden, Invalid, NotFound } from '../app/permissions.js';

/** A refusal with a reason the client can show: `{error, message}`. */
export class HttpError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(status, { message });
  }
}

/** The one place errors become responses. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    // A body refused for its size was not read to its end: the connection cannot carry another request.
    if (error instanceof HttpError)
      return c.json({ error: error.code, message: error.message }, error.status, error.status === 413 ? { connection: 'close' } : {});
    if (error instanceof Forbidden) return c.json({ error: error.code, message: error.message }, 403);
    if (error instanceof Conflict) return c.json({ error: error.code, message: error.message }, 409);
    if (error instanceof Invalid) return c.json({ error: error.code, message: error.message }, 400);
    if (error instanceof NotFound) return c.json({ error: 'not_found', message: error.message }, 404);
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 413 ? 'body_too_large' : 'bad_request';
      return c.json(
        { error: code, message: error.message || 'the request was refused' },
        status,
        status === 413 ? { connection: 'close' } : {},
      );
    }
    log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'unavailable', message: 'the service could not handle this request; try again shortly' }, 503);
  };
}
