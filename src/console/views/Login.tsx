import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError, describe } from '../api.js';
import type { TextKey, Translate } from '../i18n/index.js';
import type { Lang, Session } from '../types.js';

interface Props {
  readonly visible: boolean;
  readonly t: Translate;
  readonly lang: Lang;
  /** Why the sign-in screen shows (signed out, session expired). */
  readonly notice: TextKey | null;
  readonly startError: string;
  readonly api: Api;
  readonly onLang: () => void;
  readonly onSignedIn: (session: Session) => Promise<void>;
}

/** The sign-in screen; the user name stays after a sign-out, the password never does. */
export function Login({ visible, t, lang, notice, startError, api, onLang, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!visible) return;
    setPassword('');
    setError(startError);
    setTimeout(() => (userRef.current?.value ? passwordRef.current : userRef.current)?.focus(), 0);
  }, [visible, startError]);
  useEffect(() => setError(''), [lang]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const name = username.trim();
    if (!name || !password) {
      setError(t('errLoginEmpty'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const session = await api.call<Session>('POST', '/login', { username: name, password }, { login: true });
      setPassword('');
      await onSignedIn(session);
    } catch (e) {
      setPassword('');
      const status = e instanceof ApiError ? e.status : 0;
      if (status === 401) setError(t('errCredentials'));
      else if (status === 429) {
        const seconds = Number(e instanceof ApiError ? e.retryAfter : 0) || 60;
        setError(t('errThrottled', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
      } else if (status === 400) setError(t('errLoginEmpty'));
      else setError(describe(e, t));
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login" id="login-screen" hidden={!visible}>
      <form class="login-card" id="login-form" noValidate autocomplete="on" onSubmit={(event) => void submit(event)}>
        <div class="login-head">
          <span class="brand-mark" aria-hidden="true" />
          <h1 class="login-title">{t('signInTitle')}</h1>
        </div>
        <p class="login-notice" id="login-notice" role="status" hidden={!notice}>
          {notice ? t(notice) : ''}
        </p>
        <label class="field">
          <span class="field-label">{t('username')}</span>
          <input
            ref={userRef}
            class="input"
            id="login-username"
            name="username"
            autocomplete="username"
            autocapitalize="off"
            spellcheck={false}
            maxLength={100}
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field-label">{t('password')}</span>
          <input
            ref={passwordRef}
            class="input"
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            maxLength={500}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <p class="form-error" id="login-error" role="alert" data-kind="error" hidden={!error}>
          {error}
        </p>
        <button type="submit" class="button button-primary button-block" id="login-submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
        <div class="login-foot">
          <button type="button" class="link-button lang-toggle" id="login-lang" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={onLang}>
            {t('otherLang')}
          </button>
        </div>
      </form>
    </section>
  );
}
