import { useEffect, useRef, useState } from 'preact/hooks';
import { describe, isExpired } from '../api.js';
import { Field, Message, NO_NOTE, type Note, ok, Options, refusal } from '../components.js';
import { useDesk } from '../desk.js';
import type { Agent } from '../types.js';

const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;
const MIN_PASSWORD = 12;

/** Accounts (admins only): the list with role, language, state and a password reset; a new account. */
export function Accounts() {
  const desk = useDesk();
  const { t } = desk;
  const [message, setMessage] = useState<Note>(NO_NOTE);
  useEffect(() => {
    if (desk.can('agents.manage')) void desk.refreshAgents();
  }, []);
  if (!desk.can('agents.manage')) {
    return (
      <section class="accounts-view">
        <h2 class="view-title">{t('accountsTitle')}</h2>
        <p class="view-error" role="alert" id="no-access">
          {t('accountsOnlyAdmin')}
        </p>
      </section>
    );
  }
  const change = async (agent: Agent, body: Record<string, unknown>, done: string) => {
    setMessage(NO_NOTE);
    try {
      await desk.api.call('PATCH', `/agents/${encodeURIComponent(agent.id)}`, body);
      setMessage(ok(done));
    } catch (error) {
      if (isExpired(error)) return;
      setMessage(refusal(describe(error, t)));
    }
    await desk.refreshAgents();
  };
  return (
    <section class="accounts-view">
      <div class="view-head">
        <h2 class="view-title">{t('accountsTitle')}</h2>
      </div>
      <Message class="view-message" id="accounts-message" note={message} />
      <div class="account-table" id="accounts" role="table" aria-label={t('accountsTitle')}>
        <div class="tr th" role="row">
          {[t('displayName'), t('username'), t('role'), t('language'), t('state'), ''].map((label, i) => (
            <span role="columnheader" key={i}>
              {label}
            </span>
          ))}
        </div>
        {desk.agents.map((agent) => (
          <AccountRow key={agent.id} agent={agent} change={change} />
        ))}
      </div>
      <CreateAccount onCreated={(name) => setMessage(ok(t('created', { name })))} />
    </section>
  );
}

function AccountRow({
  agent,
  change,
}: {
  agent: Agent;
  change: (agent: Agent, body: Record<string, unknown>, done: string) => Promise<void>;
}) {
  const { t, labels, me, meta } = useDesk();
  const self = agent.id === me.id;
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (resetting) input.current?.focus();
  }, [resetting]);
  return (
    <div class={`tr account-row${agent.active ? '' : ' is-inactive'}`} role="row" data-id={agent.id} data-username={agent.username}>
      <span class="td td-name" role="cell">
        {agent.displayName}
        {self ? <span class="muted">{t('you')}</span> : null}
      </span>
      <span class="td td-username" role="cell">
        {agent.username}
      </span>
      <span class="td" role="cell">
        <select
          class="select select-small"
          aria-label={t('role')}
          disabled={self}
          data-field="role"
          value={agent.role}
          onChange={(e) =>
            void change(
              agent,
              { role: e.currentTarget.value },
              t('roleChanged', { name: agent.displayName, role: labels.role(e.currentTarget.value) }),
            )
          }
        >
          <Options choices={meta.roles.map((r) => ({ value: r, label: labels.role(r) }))} />
        </select>
      </span>
      <span class="td" role="cell">
        <select
          class="select select-small"
          aria-label={t('language')}
          data-field="lang"
          value={agent.lang}
          onChange={(e) =>
            void change(
              agent,
              { lang: e.currentTarget.value },
              t('langChanged', { name: agent.displayName, lang: labels.language(e.currentTarget.value) }),
            )
          }
        >
          <Options choices={meta.langs.map((l) => ({ value: l, label: labels.language(l) }))} />
        </select>
      </span>
      <span class="td" role="cell">
        <span class={`pill state-pill ${agent.active ? 'state-active' : 'state-inactive'}`}>
          {agent.active ? t('active') : t('inactive')}
        </span>
      </span>
      <span class="td td-actions" role="cell">
        <button
          type="button"
          class="button button-quiet button-small"
          disabled={self}
          data-action={agent.active ? 'deactivate' : 'reactivate'}
          onClick={() =>
            void change(agent, { active: !agent.active }, t(agent.active ? 'deactivated' : 'reactivated', { name: agent.displayName }))
          }
        >
          {agent.active ? t('deactivate') : t('reactivate')}
        </button>
        <button
          type="button"
          class="button button-quiet button-small"
          data-action="reset"
          hidden={resetting}
          onClick={() => setResetting(true)}
        >
          {t('resetPassword')}
        </button>
        <form
          class="reset-form"
          hidden={!resetting}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (password.length < MIN_PASSWORD) return setError(t('errPassword'));
            setError('');
            void change(agent, { password }, t('passwordReset', { name: agent.displayName }));
          }}
        >
          <input
            ref={input}
            class="input input-small"
            type="password"
            autocomplete="new-password"
            maxLength={200}
            placeholder={t('newPassword')}
            aria-label={t('newPassword')}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button type="submit" class="button button-primary button-small" data-action="set-password">
            {t('setPassword')}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setResetting(false);
              setPassword('');
            }}
          >
            {t('cancel')}
          </button>
          <p class="form-error" role="alert" hidden={!error}>
            {error}
          </p>
        </form>
      </span>
    </div>
  );
}

const EMPTY = { username: '', displayName: '', role: 'agent', lang: 'zh-CN', password: '' };

function CreateAccount({ onCreated }: { readonly onCreated: (name: string) => void }) {
  const desk = useDesk();
  const { t, labels, meta } = desk;
  const [form, setForm] = useState(EMPTY);
  const [invalid, setInvalid] = useState<readonly string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
    setError('');
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { ...form, username: form.username.trim(), displayName: form.displayName.trim() };
    const problems: [string, string][] = [];
    if (!USERNAME.test(body.username)) problems.push(['new-username', t('errUsername')]);
    if (!body.displayName) problems.push(['new-display-name', t('errDisplayName')]);
    if (body.password.length < MIN_PASSWORD) problems.push(['new-password', t('errPassword')]);
    setInvalid(problems.map((p) => p[0]));
    if (problems.length > 0) {
      setError(problems.map((p) => p[1]).join(' '));
      document.getElementById(problems[0]?.[0] ?? '')?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      const data = await desk.api.post<{ agent: Agent }>('/agents', body);
      onCreated(data.agent.displayName);
      setForm(EMPTY);
      await desk.refreshAgents();
      document.getElementById('new-username')?.focus();
    } catch (e) {
      if (!isExpired(e)) setError(describe(e, t, { username: body.username }));
    } finally {
      setBusy(false);
    }
  };
  const invalidOf = (id: string) => (invalid.includes(id) ? 'true' : undefined);
  return (
    <form class="card create-form" id="create-form" noValidate autocomplete="off" onSubmit={(event) => void submit(event)}>
      <h3 class="card-title">{t('createTitle')}</h3>
      <div class="form-grid">
        <Field label={t('username')}>
          <input
            class="input"
            id="new-username"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            maxLength={40}
            aria-invalid={invalidOf('new-username')}
            value={form.username}
            onInput={set('username')}
          />
        </Field>
        <Field label={t('displayName')}>
          <input
            class="input"
            id="new-display-name"
            autocomplete="off"
            maxLength={60}
            aria-invalid={invalidOf('new-display-name')}
            value={form.displayName}
            onInput={set('displayName')}
          />
        </Field>
        <Field label={t('role')}>
          <select class="select" id="new-role" value={form.role} onChange={set('role')}>
            <Options choices={meta.roles.map((r) => ({ value: r, label: labels.role(r) }))} />
          </select>
        </Field>
        <Field label={t('language')}>
          <select class="select" id="new-lang" value={form.lang} onChange={set('lang')}>
            <Options choices={meta.langs.map((l) => ({ value: l, label: labels.language(l) }))} />
          </select>
        </Field>
        <Field label={t('initialPassword')}>
          <input
            class="input"
            id="new-password"
            type="password"
            autocomplete="new-password"
            maxLength={200}
            aria-invalid={invalidOf('new-password')}
            value={form.password}
            onInput={set('password')}
          />
        </Field>
      </div>
      <p class="form-error" id="create-error" role="alert" hidden={!error}>
        {error}
      </p>
      <button type="submit" class="button button-primary" id="create-account" disabled={busy}>
        {t('create')}
      </button>
    </form>
  );
}
