import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ToggleLabel } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import type { Lang } from '../types.js';

/** An alert sent to staff (GET /alerts). */
interface SentAlert {
  readonly id: number;
  readonly ticketId: string;
  readonly number: string;
  readonly kind: string;
  readonly text: Readonly<Record<Lang, string>> | null;
  readonly at: string;
}

const KIND_TEXT = {
  clock: 'alertKind_clock',
  unassigned: 'alertKind_unassigned',
  raised: 'alertKind_raised',
  page: 'alertKind_page',
  dispatch: 'alertKind_dispatch',
  satisfaction_low: 'alertKind_satisfaction_low',
  satisfaction_comment: 'alertKind_satisfaction_comment',
} as const;
const isKnownKind = (kind: string): kind is keyof typeof KIND_TEXT => kind in KIND_TEXT;

const SEEN_KEY = 'fixline.console.alertsSeen';

function storedSeen(): number {
  try {
    return Number(localStorage.getItem(SEEN_KEY) ?? 0) || 0;
  } catch {
    return 0;
  }
}

/**
 * The header's alerts: the latest warnings, breaches, raises and pages sent to staff (to me, or
 * all of them for those who run the desk), with a count of those not yet opened; reloaded when a
 * ticket changes (the worker tells the console of each alert it sends).
 */
export function AlertsBadge() {
  const { api, t, fmt, lang } = useDesk();
  const [alerts, setAlerts] = useState<readonly SentAlert[]>([]);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(storedSeen);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const load = useCallback(() => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = api
      .get<{ alerts: SentAlert[] }>('/alerts?limit=30')
      .then((data) => setAlerts(data.alerts))
      .catch(() => {
        /* the list shown stays */
      })
      .finally(() => {
        loading.current = null;
        if (again.current) {
          again.current = false;
          load();
        }
      });
  }, [api]);

  useEffect(load, [load]);
  useChanges((change) => {
    if (change.type === 'ticket' || change.type === 'refresh') load();
  });

  const unseen = alerts.filter((a) => a.id > seen).length;
  const toggle = () => {
    const next = !open;
    setOpen(next);
    const newest = alerts[0]?.id ?? 0;
    if (next && newest > seen) {
      setSeen(newest);
      try {
        localStorage.setItem(SEEN_KEY, String(newest));
      } catch {
        /* counted again next time */
      }
    }
  };

  return (
    <div class="alerts">
      <button
        type="button"
        class="button button-quiet button-small alerts-toggle"
        id="alerts-toggle"
        aria-expanded={open}
        aria-controls="alerts-list"
        aria-label={t('alertsTitle')}
        title={t('alertsTitle')}
        onClick={toggle}
      >
        <ToggleLabel icon="bell" label={t('alertsTitle')} />
        <span class="badge" id="alerts-badge" hidden={unseen === 0} aria-label={t('alertsUnseen', { count: unseen })}>
          {String(unseen)}
        </span>
      </button>
      {open ? (
        <div class="alerts-panel" id="alerts-list" role="region" aria-label={t('alertsTitle')}>
          {alerts.length === 0 ? <p class="alerts-empty">{t('alertsNone')}</p> : null}
          <ul>
            {alerts.map((a) => (
              <li key={a.id} data-kind={a.kind} class={a.id > seen ? 'alert-new' : undefined}>
                <a href={`#/tickets/${a.ticketId}`} onClick={() => setOpen(false)}>
                  <span class="alert-at">{fmt.time(a.at)}</span>
                  <span class="alert-kind">{isKnownKind(a.kind) ? t(KIND_TEXT[a.kind]) : a.kind}</span>
                  <span class="alert-text">{a.text?.[lang] ?? a.number}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
