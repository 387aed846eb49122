import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_GUESS_LIMITS, type GuessLimits } from './app/guessing.js';
import { PROJECT_ROOT } from './paths.js';

const ROOT = PROJECT_ROOT;

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || (URL.canParse(v) && protocols.includes(new URL(v).protocol)), {
      error: `must be a URL starting with ${protocols.join(' or ')}`,
    });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/**
 * The optional LLM triage (src/triage/llm): all three of LLM_BASE_URL, LLM_API_KEY and LLM_MODEL turn
 * it on; none of them leaves the word lists alone (exactly as without it); some but not all is an error.
 */
export const LlmSettingsSchema = z.object({
  /** An OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama). */
  LLM_BASE_URL: optionalUrl(['http:', 'https:']),
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  /** The longest a teacher waits for the LLM; past it the word lists' facts are used. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4000),
  /** LLM calls at once; reports past it wait for a free place (within LLM_TIMEOUT_MS). */
  LLM_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  /** LLM facts below this confidence (0–1) do not replace the word lists' facts. */
  LLM_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.7),
  /** Send the report's photo to the LLM as image input with the text (for models that take images). */
  LLM_SEND_PHOTOS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});
export type LlmSettingsEnv = z.infer<typeof LlmSettingsSchema>;

const limit = (fallback: number) => z.coerce.number().int().min(1).max(100_000).default(fallback);

/** Every setting fixline reads, from environment variables, checked once at start. */
export const ConfigSchema = z.object({
  /** 0 picks any free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL; when absent, the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default(path.join(ROOT, 'data')),
  FLOWS_DIR: z.string().min(1).default(path.join(ROOT, 'flows')),
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  /**
   * Where photos' bytes are kept: `database` (the `blobs` table: every instance sees them; the
   * default with DATABASE_URL) or `files` (ATTACHMENTS_DIR; the default on PGlite). Photos stored
   * in the folder before stay readable with `database`.
   */
  PHOTOS_STORE: z.enum(['database', 'files']).optional(),
  /** The first admin's password; generated and printed once when absent. */
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The address users reach fixline at (used for links and webhooks). */
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  /**
   * Behind reverse proxies or load balancers: how many of them stand in front of fixline (hops),
   * whose X-Forwarded-For entries are believed. The client's address is the entry that many
   * places from the right (what the outermost trusted proxy appended); entries further left are
   * the client's own and never believed. `true` = 1 hop, `false` = 0 (the socket's peer). Parsed
   * to the number of hops.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .default('false')
    .refine((v) => /^(true|false|\d{1,2})$/.test(v) && (!/^\d/.test(v) || Number(v) <= 10), {
      error: 'must be false, true (one proxy) or the number of proxies in front of fixline (0–10)',
    })
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  /** Telegram: the bot token from @BotFather; without it the channel is off. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
    .optional(),
  /** Telegram: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1–256 of A-Z a-z 0-9 _ -). */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z a-z 0-9 _ -')
    .optional(),
  /** Telegram: a self-hosted Bot API server (or a fake one in tests). */
  TELEGRAM_API_ROOT: optionalUrl(['http:', 'https:']),
  /** Telegram: the bot's @username (with or without the @), for the t.me links printed on QR labels. */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .refine((v) => /^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v), {
      error: 'must be a Telegram username such as fixline_bot (5–32 of A-Z a-z 0-9 _)',
    })
    .optional(),
  /** Telegram: messages per second in all (Telegram's limit for a bot is about 30). */
  TELEGRAM_MAX_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(30),
  /** LINE: the channel secret (webhook signatures) and the long-lived channel access token. */
  LINE_CHANNEL_SECRET: z.string().min(8).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(8).optional(),
  /** LINE: API addresses, for tests (defaults: https://api.line.me and https://api-data.line.me). */
  LINE_API_BASE_URL: optionalUrl(['http:', 'https:']),
  LINE_DATA_API_BASE_URL: optionalUrl(['http:', 'https:']),
  /** LINE: the official account's basic ID (e.g. @123abcde), for the LINE links printed on QR labels. */
  LINE_BOT_BASIC_ID: z
    .string()
    .trim()
    .refine((v) => /^@[a-z0-9._-]{2,30}$/i.test(v), { error: 'must be the official account’s basic ID, such as @123abcde' })
    .optional(),
  /** LINE: requests per second in all (LINE allows about 2,000). */
  LINE_MAX_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(100),
  /**
   * How long an instance holds messages it is sending before another may take them over: after a
   * crash, unsent replies wait this long (and on Telegram, one reply per chat may be sent twice).
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * Tuning (the defaults are what fixline is measured with; change them only to follow a measurement).
   * Outbox sender, per channel: conversations leased per round, attempts before a reply is marked
   * failed (where agents see it; retries back off from 1 s, doubling, at most 5 min), how long it
   * sleeps when nothing was due (a wake-up cuts it short), and after a wake-up or a round that was
   * not full how long it waits so that replies arriving meanwhile travel together (0: not at all).
   */
  OUTBOX_CONVERSATIONS_PER_ROUND: z.coerce.number().int().min(1).max(10_000).default(50),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  OUTBOX_IDLE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  OUTBOX_GATHER_MS: z.coerce.number().int().min(0).max(10_000).default(40),
  /**
   * Processor: how often it sweeps for events nobody processed (a crash, another instance), how old
   * an unprocessed event must be for the sweep to take it up, and how many failed turns an event
   * gets before it is recorded without the flow and the user is told.
   */
  PROCESSOR_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  PROCESSOR_STALLED_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  PROCESSOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /**
   * Processor: conversations processed at once. Default on PostgreSQL: 4 × DATABASE_POOL_SIZE with
   * TURN_GATHER_MS, else DATABASE_POOL_SIZE − 2 (at least 1); 4 on PGlite.
   */
  PROCESSOR_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  /** PostgreSQL: a turn waits this long for others to open and commit with it, in one statement each (0: alone). */
  TURN_GATHER_MS: z.coerce.number().int().min(0).max(1000).default(10),
  /** PostgreSQL: a webhook finding no recording under way waits this long for others to join it (0: at once). */
  INGEST_GATHER_MS: z.coerce.number().int().min(0).max(100).default(4),
  /** How often overdue tickets are looked for and escalated. */
  ESCALATION_EVERY_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  /**
   * Warnings to the engineer and the coordinators at these percentages of each running clock
   * (comma-separated, 1–100; 100 is the breach).
   */
  ALERT_WARNING_PERCENTS: z
    .string()
    .trim()
    .default('75,100')
    .refine((v) => /^\d{1,3}(\s*,\s*\d{1,3})*$/.test(v) && v.split(',').every((p) => Number(p) >= 1 && Number(p) <= 100), {
      error: 'must be percentages from 1 to 100, separated by commas (e.g. 75,100)',
    })
    .transform((v) => [...new Set(v.split(',').map(Number))].sort((a, b) => a - b)),
  /** How often due alerts (warnings, raises, pages) are looked for and sent to staff. */
  ALERT_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** How often the sites' return visits and inspections are planned from their contracts' calendars. */
  AFTER_SERVICE_PLAN_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  /**
   * Quiet hours for teachers: messages the desk starts itself (not replies) go only within this daily
   * window, in the desk's time zone (flows/desk/desk.yaml); the engineer's arrival notices always go.
   */
  QUIET_HOURS: z
    .string()
    .trim()
    .default('07:30-21:30')
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v) && v.slice(0, 5) < v.slice(6), {
      error: 'must be a daytime window HH:MM-HH:MM, its start before its end (e.g. 07:30-21:30)',
    })
    .transform((v) => ({ from: v.slice(0, 5), to: v.slice(6) })),
  /** How often guessing counters whose window has passed are forgotten. */
  ATTEMPT_PRUNE_EVERY_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
  /** How long answers about schools, rooms and assets are cached (0: always ask the database). */
  PLACES_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Background thread: the wait before a thread that died is started again, and how long a stop may take before it is ended. */
  BACKGROUND_THREAD_RESTART_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  BACKGROUND_THREAD_STOP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /**
   * The background work (turns, sending, escalation) in a thread of its own, so that webhooks are
   * acknowledged without waiting behind turns: auto = on with PostgreSQL (PGlite is one thread's database).
   */
  BACKGROUND_THREAD: z.enum(['auto', 'on', 'off']).default('auto'),
  /**
   * Guessing limits (src/app/guessing.ts): failed attempts let through before each further one
   * waits (1 minute, doubling, at most 15), per window of 15 minutes for sign-ins and 10 for link codes.
   * Sign-ins: per account from one address, per address; past the per-account number (all
   * addresses together) each sign-in at that account is slowed, never refused.
   */
  SIGNIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: limit(DEFAULT_GUESS_LIMITS.signInPerAccountAddress),
  SIGNIN_MAX_FAILURES_PER_ADDRESS: limit(DEFAULT_GUESS_LIMITS.signInPerAddress),
  SIGNIN_SLOW_AFTER_FAILURES_PER_ACCOUNT: limit(DEFAULT_GUESS_LIMITS.signInSlowPerAccount),
  /** Link codes: wrong codes per contact, per address (web chat), and from everyone together. */
  LINK_CODE_MAX_FAILURES_PER_CONTACT: limit(DEFAULT_GUESS_LIMITS.linkPerContact),
  LINK_CODE_MAX_FAILURES_PER_ADDRESS: limit(DEFAULT_GUESS_LIMITS.linkPerAddress),
  LINK_CODE_MAX_FAILURES_TOTAL: limit(DEFAULT_GUESS_LIMITS.linkTotal),
  /**
   * The bearer token that opens /metrics (`Authorization: Bearer <token>`). Without it /metrics is
   * off (404), so a fresh start does not publish its counters to everyone.
   */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, 'must be 16–256 characters of A-Z a-z 0-9 . _ ~ + / = -')
      .optional(),
  ),
  /** Web chat: a session unused this many days ends (the page starts a new one). */
  WEBCHAT_SESSION_IDLE_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Web chat: a session ends this many days after it began, however active. */
  WEBCHAT_SESSION_MAX_DAYS: z.coerce.number().positive().max(3650).default(180),
  /** Web chat: a browser's contact token (its sessions are one person) lapses this many days after its last use. */
  WEBCHAT_CONTACT_DAYS: z.coerce.number().positive().max(3650).default(180),
  /** Web chat: live streams (SSE) open at once on one session (more answer 429; the page polls). */
  WEBCHAT_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(1000).default(3),
  /** Web chat: live streams open at once from one client address (a school may share one). */
  WEBCHAT_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Console: live streams open at once on one agent's session (one per tab). */
  CONSOLE_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(1000).default(5),
  /** Photos kept for one conversation, in MB (web chat uploads and photos fetched from Telegram and LINE). */
  PHOTOS_MAX_MB_PER_CONVERSATION: z.coerce.number().positive().default(100),
  /** Photos kept in all, in MB: over it, new photos are refused (the messages are kept). */
  PHOTOS_MAX_MB_TOTAL: z.coerce.number().positive().default(10_240),
  /** Seed demo data on an empty database. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  ...LlmSettingsSchema.shape,
});

export type Config = z.infer<typeof ConfigSchema> & { readonly attachmentsDir: string; readonly photosStore: 'database' | 'files' };

/** Settings that only make sense together. */
function checkTogether(config: z.infer<typeof ConfigSchema>): string[] {
  const problems: string[] = [];
  if (config.TELEGRAM_BOT_TOKEN && config.PUBLIC_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_BOT_TOKEN and PUBLIC_URL (the webhook must be authenticated)');
  }
  if (config.BACKGROUND_THREAD === 'on' && !config.DATABASE_URL) {
    problems.push('BACKGROUND_THREAD: "on" needs DATABASE_URL (the embedded database belongs to one thread); use "auto" or "off"');
  }
  if (!!config.LINE_CHANNEL_SECRET !== !!config.LINE_CHANNEL_ACCESS_TOKEN) {
    problems.push('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both to turn LINE on, or neither');
  }
  problems.push(...checkLlmTogether(config));
  return problems;
}

const LLM_TRIO = ['LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODEL'] as const;

/** LLM_BASE_URL, LLM_API_KEY and LLM_MODEL: all three or none. */
export function checkLlmTogether(config: LlmSettingsEnv): string[] {
  const problems: string[] = [];
  const set = LLM_TRIO.filter((name) => config[name] !== undefined);
  if (set.length > 0 && set.length < LLM_TRIO.length) {
    const missing = LLM_TRIO.filter((name) => config[name] === undefined);
    problems.push(
      `${missing.join(', ')}: the LLM triage needs LLM_BASE_URL, LLM_API_KEY and LLM_MODEL together (set: ${set.join(', ')}); set all three, or none for the word lists alone`,
    );
  }
  return problems;
}

/** The LLM triage's settings, or null when it is off (no LLM_* trio). */
export interface LlmSettings {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxConcurrency: number;
  readonly minConfidence: number;
  /** Send the report's photo with its text (LLM_SEND_PHOTOS). */
  readonly sendPhotos?: boolean;
}

export function llmSettings(config: LlmSettingsEnv): LlmSettings | null {
  if (!config.LLM_BASE_URL || !config.LLM_API_KEY || !config.LLM_MODEL) return null;
  return {
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxConcurrency: config.LLM_MAX_CONCURRENCY,
    minConfidence: config.LLM_MIN_CONFIDENCE,
    ...(config.LLM_SEND_PHOTOS ? { sendPhotos: true } : {}),
  };
}

/**
 * Only the LLM settings, from an environment (the triage CLI, which reads no other setting);
 * a bad or incomplete one throws a ConfigError naming the variable.
 */
export function parseLlmSettings(env: Readonly<Record<string, string | undefined>>): LlmSettings | null {
  const result = LlmSettingsSchema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, env)));
  const together = checkLlmTogether(result.data);
  if (together.length > 0) throw new ConfigError(together);
  return llmSettings(result.data);
}

function describeIssue(issue: z.core.$ZodIssue, env: Readonly<Record<string, string | undefined>>): string {
  const name = issue.path.join('.');
  const value = env[name];
  const shown = /PASSWORD|SECRET|TOKEN|KEY/.test(name) ? '(hidden)' : JSON.stringify(value);
  return `${name}=${shown}: ${issue.message}`;
}

/** What the alerts (warnings, raises, pages to staff) and the teachers' quiet hours are set to. */
export interface AlertSettings {
  /** Warning points of each clock, ascending (100: the breach). */
  readonly percents: readonly number[];
  readonly pollMs: number;
  /** The daily window desk-started messages to teachers go in ("HH:MM", the desk's time zone). */
  readonly quietHours: { readonly from: string; readonly to: string };
  /** How often return visits and inspections are planned (the alerts worker sends them). */
  readonly planEveryMs: number;
}

export function alertSettings(config: z.infer<typeof ConfigSchema>): AlertSettings {
  return {
    percents: config.ALERT_WARNING_PERCENTS,
    pollMs: config.ALERT_POLL_MS,
    quietHours: config.QUIET_HOURS,
    planEveryMs: config.AFTER_SERVICE_PLAN_MS,
  };
}

/** The alert settings' defaults (tests, and the conversation tests' desk). */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  percents: [75, 100],
  pollMs: 5000,
  quietHours: { from: '07:30', to: '21:30' },
  planEveryMs: 600_000,
};

/** The guessing limits the settings ask for. */
export function guessLimits(config: z.infer<typeof ConfigSchema>): GuessLimits {
  return {
    signInPerAccountAddress: config.SIGNIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS,
    signInPerAddress: config.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    signInSlowPerAccount: config.SIGNIN_SLOW_AFTER_FAILURES_PER_ACCOUNT,
    linkPerContact: config.LINK_CODE_MAX_FAILURES_PER_CONTACT,
    linkPerAddress: config.LINK_CODE_MAX_FAILURES_PER_ADDRESS,
    linkTotal: config.LINK_CODE_MAX_FAILURES_TOTAL,
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Settings renamed since a release, by their former names: a former name is still read when the new one is not set. */
const FORMER_NAMES: Readonly<Record<string, string>> = {
  PIPELINE_THREAD: 'BACKGROUND_THREAD',
  PIPELINE_THREAD_RESTART_MS: 'BACKGROUND_THREAD_RESTART_MS',
  PIPELINE_THREAD_STOP_TIMEOUT_MS: 'BACKGROUND_THREAD_STOP_TIMEOUT_MS',
};

function withCurrentNames(given: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const env = { ...given };
  for (const [former, current] of Object.entries(FORMER_NAMES)) {
    if (env[current] === undefined && env[former] !== undefined) env[current] = env[former];
  }
  return env;
}

/** Parses the environment; a bad value throws a ConfigError naming the variable. */
export function parseConfig(given: Readonly<Record<string, string | undefined>>): Config {
  const env = withCurrentNames(given);
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, env)));
  }
  const together = checkTogether(result.data);
  if (together.length > 0) throw new ConfigError(together);
  return {
    ...result.data,
    attachmentsDir: result.data.ATTACHMENTS_DIR ?? path.join(result.data.DATA_DIR, 'attachments'),
    photosStore: result.data.PHOTOS_STORE ?? (result.data.DATABASE_URL ? 'database' : 'files'),
  };
}
