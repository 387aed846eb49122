import { useState } from 'preact/hooks';
import { ToggleLabel } from '../components.js';
import { type Api, describe } from '../api.js';
import type { Translate } from '../i18n/index.js';

type Channel = 'telegram' | 'line' | 'webchat';

interface LinkState {
  readonly linked: boolean;
  readonly channel: Channel | null;
}

interface Issued extends LinkState {
  readonly code: string;
  readonly minutes: number;
}

interface Props {
  readonly t: Translate;
  readonly api: Api;
}

/**
 * The account menu's "my chat": whether this account's own Telegram or LINE chat is linked (where
 * its tickets and warnings arrive), a one-time code to link one, and unlinking it.
 */
export function ChatLink({ t, api }: Props) {
  const [state, setState] = useState<LinkState | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };
  const load = () => run(async () => setState(await api.get<LinkState>('/me/chat-link')));
  const issue = () =>
    run(async () => {
      const got = await api.post<Issued>('/me/chat-link');
      setIssued(got);
      setState({ linked: got.linked, channel: got.channel });
    });
  const unlink = () =>
    run(async () => {
      setIssued(null);
      setState(await api.call<LinkState>('DELETE', '/me/chat-link'));
    });

  const channelName = (c: Channel | null) => (c === 'line' ? 'LINE' : c === 'telegram' ? 'Telegram' : '');
  return (
    <details class="chat-link" id="chat-link" onToggle={(e) => e.currentTarget.open && void load()}>
      <summary class="button button-quiet button-small" aria-label={t('chatLinkMenu')} title={t('chatLinkMenu')}>
        <ToggleLabel icon="chat" label={t('chatLinkMenu')} />
      </summary>
      <div class="chat-link-panel" role="group" aria-label={t('chatLinkMenu')}>
        <p id="chat-link-state" data-linked={state?.linked ? 'yes' : 'no'}>
          {state === null ? t('loading') : state.linked ? t('chatLinked', { channel: channelName(state.channel) }) : t('chatNotLinked')}
        </p>
        {issued ? (
          <p class="chat-link-code" id="chat-link-code">
            {t('chatLinkHowTo', { minutes: issued.minutes })}
            <strong>{issued.code}</strong>
          </p>
        ) : null}
        <div class="chat-link-actions">
          <button type="button" class="button button-small" id="chat-link-issue" disabled={busy} onClick={() => void issue()}>
            {t(issued ? 'chatLinkNewCode' : 'chatLinkGetCode')}
          </button>
          {state?.linked ? (
            <button
              type="button"
              class="button button-quiet button-small"
              id="chat-link-unlink"
              disabled={busy}
              onClick={() => void unlink()}
            >
              {t('chatUnlink')}
            </button>
          ) : null}
        </div>
        {error ? (
          <p class="view-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
