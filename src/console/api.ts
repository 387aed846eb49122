import type { Translate } from './i18n/index.js';

export const API = '/api/console';

export class ApiError extends Error {
  /** The session is gone (401, or signed out while the request was in flight). */
  expired = false;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message || code);
  }
}

export const isExpired = (error: unknown): boolean => error instanceof ApiError && error.expired;

/**
 * The console's API: JSON in and out, the CSRF token on every change, the server's clock noted from
 * each answer (SLA clocks count on the server's time), and a 401 ending the session.
 */
export class Api {
  csrf = '';
  /** Bumped on every sign-in and sign-out: answers to an older session are dropped. */
  epoch = 0;
  /** The server's clock minus this browser's, in ms. */
  offset = 0;

  constructor(private readonly onExpired: () => void) {}

  now(): number {
    return Date.now() + this.offset;
  }

  async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: { login?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    const epoch = this.epoch;
    let res: Response;
    try {
      res = await fetch(API + path, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'network', '');
    }
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    const fields = (data ?? {}) as { serverTime?: unknown; error?: unknown; message?: unknown };
    if (typeof fields.serverTime === 'string') {
      const at = Date.parse(fields.serverTime);
      if (!Number.isNaN(at)) this.offset = at - Date.now();
    }
    if (!res.ok) {
      const error = new ApiError(
        res.status,
        typeof fields.error === 'string' ? fields.error : `http_${res.status}`,
        typeof fields.message === 'string' ? fields.message : '',
        res.headers.get('retry-after'),
      );
      if (res.status === 401 && !options.login) {
        error.expired = true;
        if (epoch === this.epoch) this.onExpired();
      }
      throw error;
    }
    // A sign-out (or another session) happened while this was in flight: drop the answer.
    if (epoch !== this.epoch && !options.login) {
      const error = new ApiError(401, 'gone', '');
      error.expired = true;
      throw error;
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }
}

const CODES: Readonly<Record<string, Parameters<Translate>[0]>> = {
  network: 'errNetwork',
  unavailable: 'errServer',
  forbidden: 'errForbidden',
  not_owner: 'errNotOwner',
  not_found: 'errNotFound',
  empty: 'errEmpty',
  too_long: 'errTooLong',
  changed: 'errChanged',
  invalid_agent: 'errInvalidAgent',
  invalid_transition: 'errInvalidTransition',
  invalid_engineer: 'errInvalidEngineer',
  engineer_required: 'errInvalidEngineer',
  unchanged: 'errUnchanged',
  invalid_value: 'errInvalidFact',
  unknown_fact: 'errInvalidFact',
  closed: 'errClosed',
  reason_required: 'needReason',
  stale: 'stale',
  self: 'errSelf',
  csrf: 'errCsrf',
  origin: 'errCsrf',
  ends_before_start: 'errEndBeforeStart',
  shift_too_long: 'errShiftTooLong',
  event_too_long: 'errEventTooLong',
  event_over: 'errEventOver',
  unknown_agent: 'errUnknownStaff',
  inactive_agent: 'errInactiveStaff',
  unknown_site: 'errUnknownSite',
  invalid_from: 'errInvalidFrom',
  invalid_to: 'errInvalidTo',
  range_reversed: 'errRangeReversed',
  range_too_long: 'errRangeTooLong',
  unknown_contract: 'errUnknownContract',
  invalid_name: 'errEventName',
  items_left: 'errItemsLeft',
  fault_undescribed: 'errFaultUndescribed',
  not_engineer: 'errNotEngineer',
  // The asset register, its import, labels and pending devices.
  accepted_in_future: 'errAcceptedInFuture',
  unknown_room: 'errUnknownRoom',
  tag_unchanged: 'errTagUnchanged',
  invalid_kind: 'errInvalidKind',
  invalid_date: 'errInvalidDate',
  invalid_months: 'errInvalidMonths',
  tag_taken: 'errTagTaken',
  not_registered: 'errNotRegistered',
  not_pending: 'errNotPending',
  invalid_place: 'errInvalidPlace',
  file_too_large: 'errFileTooLarge',
  unreadable_file: 'errUnreadableFile',
  not_multipart: 'errUploadFailed',
  bad_multipart: 'errUploadFailed',
  no_file: 'errUploadFailed',
  no_selection: 'errNoSelection',
  invalid_query: 'errInvalidQuery',
};

/** A refusal in the console's language. */
export function describe(error: unknown, t: Translate, values: { username?: string } = {}): string {
  if (!(error instanceof ApiError)) return t('errGeneric', { message: error instanceof Error ? error.message : String(error) });
  if (error.code === 'username_taken') return t('errTaken', { u: values.username ?? '' });
  const key = CODES[error.code];
  if (key) return t(key);
  if (error.status >= 500) return t('errServer');
  return t('errGeneric', { message: error.message || error.code });
}
