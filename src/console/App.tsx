import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api, describe, isExpired } from './api.js';
import { type Desk, DeskContext, isWaiting, TICK_MS } from './desk.js';
import { Format } from './format.js';
import { isLang, type TextKey, translator } from './i18n/index.js';
import { Labels } from './labels.js';
import { Live, type LiveState } from './live.js';
import { loadMeta } from './meta.js';
import { parseHash, useRoute } from './router.js';
import { rememberLang, storedLang } from './session.js';
import type { Agent, CannedReply, Change, ConsoleMeta, Lang, Queued, Session } from './types.js';
import { coalesce } from './util.js';
import { Header } from './views/Header.js';
import { AlertsBadge } from './views/Alerts.js';
import { Login } from './views/Login.js';
import { Views } from './views/Views.js';

type Phase = 'starting' | 'login' | 'loading' | 'in' | 'failed';
interface Loaded {
  readonly meta: ConsoleMeta;
  readonly agents: readonly Agent[];
  readonly canned: readonly CannedReply[];
}

/**
 * The console: the sign-in screen, or the signed-in shell (header, the current view, a toast).
 * The server is the authority on permissions: the page only hides what a role cannot do.
 */
export function App() {
  const [lang, setLang] = useState<Lang>(() => storedLang() ?? 'zh-CN');
  const t = useMemo(() => translator(lang), [lang]);
  const [phase, setPhase] = useState<Phase>('starting');
  const [notice, setNotice] = useState<TextKey | null>(null);
  const [startError, setStartError] = useState('');
  const [session, setSession] = useState<Session | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState('');
  const [queue, setQueue] = useState<readonly Queued[] | null>(null);
  const [queueError, setQueueError] = useState('');
  const [waiting, setWaiting] = useState<ReadonlySet<string> | null>(null);
  const [liveState, setLiveState] = useState<LiveState>('connecting');
  const [toast, setToast] = useState<{ text: string; kind: string } | null>(null);
  const [tick, setTick] = useState(0);

  const remembered = useRef(new Map<string, unknown>());
  const listeners = useRef(new Set<(change: Change) => void>());
  const sessionRef = useRef<Session | null>(null);
  const waitingRef = useRef<ReadonlySet<string> | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const endRef = useRef<(notice: TextKey) => void>(() => undefined);
  const api = useMemo(() => new Api(() => endRef.current('sessionExpired')), []);
  const toastTimer = useRef<ReturnType<typeof setTimeout>>();

  const showToast = useCallback((text: string, kind: 'info' | 'error' = 'info') => {
    setToast({ text, kind });
    clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), 4000);
  }, []);

  const can = useCallback((permission: string) => Boolean(sessionRef.current?.permissions.includes(permission as never)), []);

  const loadQueue = useMemo(
    () =>
      coalesce(async () => {
        if (!sessionRef.current || !can('conversations.view')) return;
        let data: { queue: Queued[] };
        try {
          data = await api.get('/queue');
        } catch (error) {
          if (!isExpired(error)) setQueueError(tRef.current('loadFailed', { message: describe(error, tRef.current) }));
          return;
        }
        setQueueError('');
        setQueue(data.queue);
        const now = data.queue.filter(isWaiting);
        const before = waitingRef.current;
        if (before) {
          const route = parseHash();
          const looking = route.section === 'queue' ? route.id : '';
          const fresh = now.filter((e) => !before.has(e.id) && e.id !== looking);
          if (fresh.length > 0)
            showToast(
              tRef.current('newRequest', {
                name: fresh.map((e) => e.contactName || tRef.current('unnamed')).join(tRef.current('listSep')),
              }),
            );
        }
        const ids = new Set(now.map((e) => e.id));
        waitingRef.current = ids;
        setWaiting(ids);
      }),
    [api],
  );

  const queueIds = useRef(new Set<string>());
  queueIds.current = new Set((queue ?? []).map((e) => e.id));

  const live = useMemo(
    () =>
      new Live(api, {
        state: setLiveState,
        ready: (again) => {
          if (!again) return;
          void loadQueue();
          for (const listener of listeners.current) listener({ type: 'refresh', id: '' });
        },
        change: (change) => {
          if (change.type === 'queue' || (change.type === 'conversation' && queueIds.current.has(change.id))) void loadQueue();
          for (const listener of listeners.current) listener(change);
        },
      }),
    [api],
  );

  const end = useCallback(
    (key: TextKey) => {
      api.epoch += 1;
      api.csrf = '';
      live.close();
      sessionRef.current = null;
      waitingRef.current = null;
      setSession(null);
      setLoaded(null);
      setLoadError('');
      setQueue(null);
      setWaiting(null);
      setToast(null);
      remembered.current.clear();
      setNotice(key);
      setPhase('login');
    },
    [api, live],
  );
  endRef.current = end;

  /** Signed in (a fresh sign-in or a session still alive): load what every view needs. */
  const enter = useCallback(
    async (signedIn: Session) => {
      api.epoch += 1;
      api.csrf = signedIn.csrfToken;
      sessionRef.current = signedIn;
      setSession(signedIn);
      setNotice(null);
      // Nothing chosen in this browser yet: the agent's own language (not remembered for others).
      if (!storedLang() && isLang(signedIn.agent.lang)) setLang(signedIn.agent.lang);
      setPhase('loading');
      try {
        const [meta, agents, canned] = await Promise.all([
          loadMeta(api),
          api.get<{ agents: Agent[] }>('/agents'),
          api.get<{ replies: CannedReply[] }>('/canned'),
        ]);
        setLoaded({ meta, agents: agents.agents, canned: canned.replies });
        setPhase('in');
      } catch (error) {
        if (isExpired(error)) return;
        setLoadError(tRef.current('loadFailed', { message: describe(error, tRef.current) }));
        setPhase('failed');
        return;
      }
      live.open();
      void loadQueue();
    },
    [api, live, loadQueue],
  );

  useEffect(() => {
    void (async () => {
      try {
        await enter(await api.call<Session>('GET', '/me', undefined, { login: true }));
      } catch (error) {
        setPhase('login');
        if (!(error instanceof Error && 'status' in error && error.status === 401)) setStartError(describe(error, tRef.current));
      }
    })();
    const visible = () => {
      if (document.visibilityState === 'visible' && sessionRef.current) void loadQueue();
    };
    document.addEventListener('visibilitychange', visible);
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      clearInterval(timer);
      live.close();
    };
  }, []);

  const listen = useCallback((listener: (change: Change) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/logout');
    } catch {
      /* ended anyway */
    }
    if (sessionRef.current) end('signedOut');
  }, [api, end]);

  const switchLang = useCallback(() => {
    const next: Lang = lang === 'en' ? 'zh-CN' : 'en';
    rememberLang(next);
    setLang(next);
  }, [lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const waitingCount = session && waiting ? waiting.size : 0;
  useEffect(() => {
    document.title = waitingCount > 0 ? `(${waitingCount}) ${t('title')}` : t('title');
  }, [waitingCount, t]);

  const desk = useMemo<Desk | null>(() => {
    if (!session || !loaded) return null;
    const fmt = new Format(loaded.meta.timeZone, lang, t, () => api.now());
    return {
      api,
      lang,
      t,
      labels: new Labels(loaded.meta, lang, t),
      fmt,
      me: session.agent,
      meta: loaded.meta,
      agents: loaded.agents,
      canned: loaded.canned,
      queue,
      queueError,
      can: (p) => session.permissions.includes(p),
      agentName: (id) => (id ? (loaded.agents.find((a) => a.id === id)?.displayName ?? '') : ''),
      refreshAgents: async () => {
        try {
          const data = await api.get<{ agents: Agent[] }>('/agents');
          setLoaded((l) => (l ? { ...l, agents: data.agents } : l));
        } catch {
          /* the names known stay */
        }
      },
      refreshMeta: async () => {
        try {
          const meta = await loadMeta(api);
          setLoaded((l) => (l ? { ...l, meta } : l));
          return meta;
        } catch {
          return null; // the meta known stays
        }
      },
      loadQueue,
      toast: showToast,
      listen,
      remembered: remembered.current,
      tick,
    };
  }, [session, loaded, lang, t, queue, queueError, tick]);

  const route = useRoute();
  const viewName =
    route.section === 'tickets' ? (route.id ? 'ticket' : 'tickets') : route.section === 'conversations' ? 'queue' : route.section;
  const signedIn = phase === 'loading' || phase === 'in' || phase === 'failed';
  return (
    <>
      <Login
        visible={phase === 'login'}
        t={t}
        lang={lang}
        notice={notice}
        startError={startError}
        onLang={switchLang}
        api={api}
        onSignedIn={enter}
      />
      <div class="shell" id="shell" hidden={!signedIn}>
        {session ? (
          <Header
            t={t}
            lang={lang}
            me={session.agent}
            permissions={session.permissions}
            liveState={liveState}
            waiting={waitingCount}
            onLang={switchLang}
            onSignOut={() => void signOut()}
            api={api}
            alerts={
              desk && phase === 'in' ? (
                <DeskContext.Provider value={desk}>
                  <AlertsBadge />
                </DeskContext.Provider>
              ) : null
            }
          />
        ) : null}
        <main class="main" id="main" tabindex={-1} data-view={phase === 'in' ? viewName : undefined}>
          {phase === 'loading' ? <p class="loading">{t('loading')}</p> : null}
          {phase === 'failed' ? (
            <p class="view-error" role="alert">
              {loadError}
            </p>
          ) : null}
          {phase === 'in' && desk ? (
            <DeskContext.Provider value={desk}>
              <Views />
            </DeskContext.Provider>
          ) : null}
        </main>
      </div>
      <div class="toast" id="toast" role="status" aria-live="polite" data-kind={toast?.kind ?? 'info'} hidden={!toast}>
        {toast?.text}
      </div>
    </>
  );
}
