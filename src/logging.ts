import pino, { type Logger } from 'pino';

/**
 * Log lines must not carry what users wrote. A failed statement's error carries its parameters
 * (drizzle's DrizzleQueryError: `params` and a message ending in "params: …"; PGlite: `params`;
 * PostgreSQL's `detail`: "Key (x)=(…)", "Failing row contains (…)"; a data exception's message:
 * `invalid input syntax for type uuid: "…"`). The statement itself, the SQLSTATE code, the
 * constraint, table and column are kept: enough to find the fault, nothing of the user's.
 */

/** Properties of a database error (and its causes) that hold values, never logged. */
const VALUE_FIELDS = new Set([
  'params',
  'parameters',
  'args',
  'types',
  'queryOptions',
  'detail',
  'where',
  'internalQuery',
  'internal_query',
]);
const HIDDEN = '(value not logged)';
const MAX_DEPTH = 8;

type ErrorLike = Error & Record<string, unknown>;

const isErrorLike = (value: unknown): value is ErrorLike =>
  value instanceof Error ||
  (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && 'stack' in value);

/** The message without the parameters a failed statement's message lists, or values a data exception quotes. */
function safeMessage(error: ErrorLike): string {
  let message = error.message;
  const params = message.indexOf('\nparams:');
  if (params >= 0) message = message.slice(0, params);
  // SQLSTATE class 22 (data exception) quotes the offending value at the end of its message.
  if (typeof error.code === 'string' && error.code.startsWith('22'))
    message = message.replace(/:\s*(?:"[\s\S]*"|0x[0-9a-f ]+)\s*$/i, `: ${HIDDEN}`);
  return message;
}

/** The stack's frames under the safe message (the first lines of a stack repeat the message). */
function safeStack(error: ErrorLike, message: string): string | undefined {
  if (typeof error.stack !== 'string') return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${error.name}: ${message}`, ...frames].join('\n');
}

/** A copy of the error (and its causes) without the values a database error carries. */
function withoutValues(value: unknown, depth = 0): unknown {
  if (!isErrorLike(value) || depth > MAX_DEPTH) return value;
  const copy = Object.create(Object.getPrototypeOf(value) as object) as ErrorLike;
  const message = safeMessage(value);
  Object.defineProperty(copy, 'message', { value: message, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'name', { value: value.name, enumerable: false, writable: true, configurable: true });
  const stack = safeStack(value, message);
  if (stack !== undefined) Object.defineProperty(copy, 'stack', { value: stack, enumerable: false, writable: true, configurable: true });
  for (const key of Object.keys(value)) {
    if (VALUE_FIELDS.has(key) || key === 'cause' || key === 'errors') continue;
    copy[key] = value[key];
  }
  if (value.cause !== undefined) {
    Object.defineProperty(copy, 'cause', {
      value: withoutValues(value.cause, depth + 1),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  if (Array.isArray(value.errors)) copy.errors = value.errors.map((e: unknown) => withoutValues(e, depth + 1));
  return copy;
}

const safeErr = (value: unknown) => pino.stdSerializers.err(withoutValues(value) as Error);

/** The serializers every logger of fixline uses, under `err` and `error`. */
const logSerializers = { err: safeErr, error: safeErr };

/** fixline's logger (or one given, as tests do), with errors logged without users' values. */
export function safeLogger(log: Logger): Logger {
  return log.child({}, { serializers: logSerializers });
}
