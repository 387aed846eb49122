import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Message, NO_NOTE, type Note, refusal } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import type { Queued } from '../types.js';
import { coalesce, debounce } from '../util.js';
import { Conversation } from './Conversation.js';
import { QueueItem } from './Queue.js';

/**
 * Every conversation, most recent first, searchable (contact, ticket number, asset tag, words): one
 * handed back to the bot or long finished stays findable here, unlike in the queue.
 */
export function Conversations({ id }: { id: string }) {
  const desk = useDesk();
  const { t } = desk;
  const [q, setQ] = useState(() => (desk.remembered.get('conversations') as string | undefined) ?? '');
  const [scope, setScope] = useState<'recent' | 'all'>(() => (desk.remembered.get('conversations.scope') === 'all' ? 'all' : 'recent'));
  const [list, setList] = useState<readonly Queued[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const period = useRef(scope);
  period.current = scope;
  const [error, setError] = useState<Note>(NO_NOTE);
  const query = useRef(q);
  query.current = q;
  const gone = useRef(false);
  const load = useMemo(
    () =>
      coalesce(async () => {
        const params = new URLSearchParams({ scope: period.current });
        if (query.current.trim()) params.set('q', query.current.trim());
        try {
          const data = await desk.api.get<{ conversations: Queued[]; nextCursor: string | null }>(`/conversations?${params}`);
          if (gone.current) return;
          setError(NO_NOTE);
          setList(data.conversations);
          setNext(data.nextCursor);
        } catch (e) {
          if (!isExpired(e) && !gone.current) setError(refusal(t('loadFailed', { message: describe(e, t) })));
        }
      }),
    [],
  );
  const typed = useMemo(() => debounce(() => void load(), 300), []);
  const later = useMemo(() => debounce(() => void load(), 1000), []);
  useEffect(() => {
    gone.current = false;
    void load();
    return () => {
      gone.current = true;
      typed.cancel();
      later.cancel();
    };
  }, []);
  useEffect(() => {
    desk.remembered.set('conversations', q);
    desk.remembered.set('conversations.scope', scope);
  }, [q, scope]);

  /** The next page, after those shown (a live reload starts again from the first). */
  const more = async () => {
    if (!next) return;
    const params = new URLSearchParams({ scope, cursor: next });
    if (q.trim()) params.set('q', q.trim());
    try {
      const data = await desk.api.get<{ conversations: Queued[]; nextCursor: string | null }>(`/conversations?${params}`);
      if (gone.current) return;
      setList((shown) => [...(shown ?? []), ...data.conversations.filter((c) => !shown?.some((s) => s.id === c.id))]);
      setNext(data.nextCursor);
    } catch (e) {
      if (!isExpired(e)) setError(refusal(t('loadFailed', { message: describe(e, t) })));
    }
  };
  useChanges((change) => {
    if (change.type === 'conversation' || change.type === 'queue' || change.type === 'refresh') later();
  });

  return (
    <div class={`queue-layout${id ? ' has-conversation' : ''}`}>
      <section class="queue-pane" aria-label={t('conversationsTitle')}>
        <div class="pane-head">
          <h2 class="pane-title">{t('conversationsTitle')}</h2>
        </div>
        <form
          class="pane-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            typed.cancel();
            void load();
          }}
        >
          <input
            type="search"
            class="input"
            id="conversation-search"
            placeholder={t('conversationSearch')}
            aria-label={t('searchLabel')}
            maxLength={100}
            value={q}
            onInput={(e) => {
              query.current = e.currentTarget.value;
              setQ(query.current);
              typed();
            }}
          />
          <select
            class="select"
            id="conversation-scope"
            aria-label={t('scopeLabel')}
            value={scope}
            onChange={(e) => {
              period.current = e.currentTarget.value === 'all' ? 'all' : 'recent';
              setScope(period.current);
              void load();
            }}
          >
            <option value="recent">{t('scopeRecent')}</option>
            <option value="all">{t('scopeAll')}</option>
          </select>
        </form>
        <Message class="view-error" note={error} />
        <div class="queue-list" id="conversation-list">
          {!list ? <p class="loading">{t('loading')}</p> : null}
          {list?.length === 0 ? (
            <p class="empty" id="conversations-empty">
              {t('noConversations')}
            </p>
          ) : null}
          {list?.map((entry) => (
            <QueueItem key={entry.id} entry={entry} selected={entry.id === id} section="conversations" />
          ))}
          {next ? (
            <button type="button" class="button button-quiet button-block" id="conversations-more" onClick={() => void more()}>
              {t('loadMore')}
            </button>
          ) : null}
        </div>
      </section>
      <section class="conv-pane" id="conversation">
        {id ? (
          <Conversation key={id} id={id} back="#/conversations" />
        ) : (
          <div class="placeholder">
            <p>{t('pickFromList')}</p>
          </div>
        )}
      </section>
    </div>
  );
}
