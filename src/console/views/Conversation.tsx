import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { type Note, Message, NO_NOTE, ok, refusal } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import type { ConversationView } from '../types.js';
import { coalesce } from '../util.js';
import { Composer } from './Composer.js';
import { ConversationSide } from './ConversationSide.js';
import { Transcript } from './Transcript.js';

const path = (id: string, rest = '') => `/conversations/${encodeURIComponent(id)}${rest}`;

/** One conversation: who, its state, claim/transfer/hand back, the transcript, the composer, the side. */
export function Conversation({ id, back }: { id: string; back: string }) {
  const desk = useDesk();
  const { t, fmt, api, me } = desk;
  const [data, setData] = useState<ConversationView | null>(null);
  const [alert, setAlert] = useState<Note>(NO_NOTE);
  const [busy, setBusy] = useState('');
  const [transferTo, setTransferTo] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const gone = useRef(false);
  const composerFocus = useRef<() => void>(() => undefined);

  const reload = useMemo(
    () =>
      coalesce(async () => {
        try {
          const view = await api.get<ConversationView>(path(id));
          if (!gone.current) setData(view);
        } catch (error) {
          if (!isExpired(error) && !gone.current) setAlert(refusal(t('loadFailed', { message: describe(error, t) })));
        }
      }),
    [id],
  );

  useEffect(() => {
    gone.current = false;
    void reload();
    // Colleagues may have been added since sign-in (transfer, names of notes).
    void desk.refreshAgents();
    return () => {
      gone.current = true;
    };
  }, [id]);

  useChanges((change) => {
    if (change.type === 'refresh') void reload();
    else if (change.id === id && (change.type === 'conversation' || change.type === 'queue')) void reload();
    else if (change.type === 'ticket' && data?.tickets.some((tk) => tk.id === change.id)) void reload();
  });

  const entry = data?.entry ?? null;
  const owner = entry?.agentId ?? null;
  const takes = desk.can('conversations.take');
  /** May write to the user: the owner, or a supervisor or admin once someone has it. */
  const acts = takes && owner !== null && (owner === me.id || desk.can('conversations.any'));
  useEffect(() => {
    if (!acts && mode === 'reply') setMode('note');
  }, [acts]);

  /** A button's action on the conversation: says how it went, then shows the conversation and the queue anew. */
  const act = async (name: string, rest: string, body: unknown, done: () => string, after?: () => void) => {
    setBusy(name);
    setAlert(NO_NOTE);
    try {
      await api.post(path(id, rest), body);
      setAlert(ok(done()));
      after?.();
      await reload();
    } catch (error) {
      if (isExpired(error)) return;
      if (error instanceof Error && 'code' in error && error.code === 'already_claimed') {
        const view = await api.get<ConversationView>(path(id)).catch(() => null);
        if (view) setData(view);
        const name = view && view.entry.agentId !== me.id ? view.entry.agentName : null;
        setAlert(refusal(t('alreadyClaimed', { name: name || t('someone') })));
      } else {
        setAlert(refusal(describe(error, t)));
        void reload();
      }
    } finally {
      setBusy('');
      void desk.loadQueue();
    }
  };

  // `act` says in the conversation's alert how it went: nothing is left for the caller to handle.
  const claim = () =>
    void act(
      'claim',
      '/claim',
      {},
      () => t('claimed'),
      () => {
        setMode('reply');
        setTimeout(() => composerFocus.current(), 0);
      },
    );
  const transfer = () => {
    if (!transferTo) {
      setAlert(refusal(t('chooseColleague')));
      return;
    }
    const name = desk.agentName(transferTo);
    void act(
      'transfer',
      '/transfer',
      { agentId: transferTo },
      () => t('transferred', { name }),
      () => setTransferTo(''),
    );
  };
  const release = () => void act('release', '/release', {}, () => t('released'));
  const markSeen = () => void act('mark-seen', '/undelivered/reviewed', {}, () => t('markedSeen'));

  let status = '';
  let stateClass = 'bot';
  if (entry) {
    if (entry.agentId) {
      status = entry.agentId === me.id ? t('handledByMe') : t('statusHuman', { name: entry.agentName || t('someone') });
      stateClass = 'human';
    } else if (entry.humanRequestedAt) {
      status = t('statusWaiting', { d: fmt.since(entry.humanRequestedAt) });
      stateClass = 'waiting';
    } else status = t('statusBot');
  }
  const details = entry
    ? [t(`channel_${entry.channel}`), desk.labels.language(entry.lang), ...(entry.ticket ? [entry.ticket.number] : [])].join(' · ')
    : '';
  const colleagues = desk.agents.filter((a) => a.active && a.role !== 'engineer' && a.id !== owner);

  return (
    <div class="conversation" data-id={id}>
      <header class="conv-head">
        <a class="button button-quiet button-small back-link" href={back}>
          ‹ {t('back')}
        </a>
        <div class="conv-heading">
          <h2 class="conv-title" id="conv-title">
            {entry ? entry.contactName || t('unnamed') : ''}
          </h2>
          <p class="conv-sub" id="conv-status">
            {entry ? (
              <>
                <span class={`pill state-pill state-${stateClass}`}>{status}</span> {details}
              </>
            ) : null}
          </p>
        </div>
        <div class="conv-actions">
          <button
            type="button"
            class="button button-primary"
            id="claim"
            hidden={!entry || !takes || entry.agentId !== null}
            disabled={busy === 'claim'}
            onClick={claim}
          >
            {t('claim')}
          </button>
          <div class="transfer" hidden={!acts}>
            <select
              class="select"
              id="transfer-agent"
              aria-label={t('transferTo')}
              value={transferTo}
              onChange={(e) => setTransferTo(e.currentTarget.value)}
            >
              <option value="">{t('transferTo')}</option>
              {colleagues.map((a) => (
                <option key={a.id} value={a.id}>{`${a.displayName}（${desk.labels.role(a.role)}）`}</option>
              ))}
            </select>
            <button type="button" class="button button-quiet" id="transfer" disabled={busy === 'transfer'} onClick={transfer}>
              {t('transfer')}
            </button>
          </div>
          <button type="button" class="button button-quiet" id="release" hidden={!acts} disabled={busy === 'release'} onClick={release}>
            {t('release')}
          </button>
        </div>
      </header>
      <Message class="conv-alert" id="conv-alert" note={alert} />
      {!data ? <p class="loading">{t('loading')}</p> : null}
      {data ? (
        <div class="conv-body">
          <div class="conv-main">
            <Transcript id={id} data={data} onMarkSeen={takes ? markSeen : null} marking={busy === 'mark-seen'} />
            <p class="read-only" id="read-only" hidden={takes}>
              {t('readOnlyEngineer')}
            </p>
            <p class="composer-notice" id="composer-notice" hidden={!takes || acts}>
              {entry?.agentId ? t('ownedByOther', { name: entry.agentName || t('someone') }) : t('claimToReply')}
            </p>
            {takes ? (
              <Composer
                id={id}
                lang={data.entry.lang}
                mode={mode}
                setMode={setMode}
                mayReply={acts}
                onSent={reload}
                onError={(text) => setAlert(text ? refusal(text) : NO_NOTE)}
                focusRef={composerFocus}
              />
            ) : null}
          </div>
          <ConversationSide data={data} />
        </div>
      ) : null}
    </div>
  );
}
