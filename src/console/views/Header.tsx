import type { Api } from '../api.js';
import type { Translate } from '../i18n/index.js';
import { ChatLink } from './ChatLink.js';
import { AFTER_SERVICE, afterServicePages } from './AfterServiceTabs.js';
import { ASSET_SECTIONS } from './AssetTabs.js';
import type { LiveState } from '../live.js';
import { type Section, useRoute } from '../router.js';
import type { Agent, Lang, Permission } from '../types.js';

interface Props {
  readonly t: Translate;
  readonly lang: Lang;
  readonly me: Agent;
  readonly permissions: readonly Permission[];
  readonly liveState: LiveState;
  /** How many people wait for a human. */
  readonly waiting: number;
  readonly onLang: () => void;
  readonly onSignOut: () => void;
  /** For the account's own chat (ChatLink). */
  readonly api: Api;
  /** The alerts sent to staff (views/Alerts.tsx), once the desk is loaded. */
  readonly alerts?: preact.ComponentChildren;
}

/** The console's top bar: the sections, the live state, who is signed in, their alerts and own chat, language, sign out. */
export function Header({ t, lang, me, permissions, liveState, waiting, onLang, onSignOut, api, alerts }: Props) {
  const { section } = useRoute();
  const conversations = permissions.includes('conversations.view');
  const link = (to: Section, label: string, id?: string, badge?: preact.ComponentChildren) => (
    <a class="nav-link" href={`#/${to}`} data-nav={to} id={id} aria-current={section === to ? 'page' : undefined}>
      <span>{label}</span>
      {badge}
    </a>
  );
  // Return visits, inspections, reports and the satisfaction report: one entry, their tabs on the page.
  const pages = afterServicePages((p) => permissions.includes(p));
  const afterService = pages[0] ? (
    <a
      class="nav-link"
      href={`#/${pages[0].section}`}
      data-nav="after-service"
      id="nav-after-service"
      aria-current={AFTER_SERVICE.includes(section as Section) ? 'page' : undefined}
    >
      <span>{t('navAfterService')}</span>
    </a>
  ) : null;
  return (
    <header class="topbar">
      <a class="brand" href={conversations ? '#/queue' : '#/tickets'}>
        <span class="brand-mark" aria-hidden="true" />
        <span class="brand-text">{t('appName')}</span>
      </a>
      <nav class="nav" id="nav" aria-label={t('navLabel')}>
        {conversations
          ? link(
              'queue',
              t('navQueue'),
              'nav-queue',
              <span
                class="badge"
                id="queue-badge"
                hidden={waiting === 0}
                aria-label={lang === 'en' ? `${waiting} waiting` : `${waiting} 人等待`}
              >
                {String(waiting)}
              </span>,
            )
          : null}
        {conversations ? link('conversations', t('navConversations'), 'nav-conversations') : null}
        {link('tickets', t('navTickets'))}
        {link('roster', t('navRoster'), 'nav-roster')}
        {link('events', t('navEvents'), 'nav-events')}
        {afterService}
        {permissions.includes('assets.view') ? (
          <a
            class="nav-link"
            href="#/assets"
            data-nav="assets"
            id="nav-assets"
            aria-current={ASSET_SECTIONS.includes(section as Section) ? 'page' : undefined}
          >
            <span>{t('navAssets')}</span>
          </a>
        ) : null}
        {permissions.includes('agents.manage') ? link('accounts', t('navAccounts'), 'nav-accounts') : null}
      </nav>
      <div class="me">
        {alerts}
        <span class="live" id="live" data-state={liveState} role="status">
          <span class="live-dot" aria-hidden="true" />
          <span class="live-text" id="live-text">
            {t(liveState)}
          </span>
        </span>
        <span class="me-who">
          <span class="me-name" id="me-name">
            {me.displayName}
          </span>
          {/* The chip gives way when the header is crowded (a longer live state, a badge): its title keeps the role whole. */}
          <span class="pill role-chip" id="me-role" title={t(`role_${me.role}`)}>
            {t(`role_${me.role}`)}
          </span>
        </span>
        <ChatLink t={t} api={api} />
        <button
          type="button"
          class="button button-quiet button-small lang-toggle"
          id="lang-switch"
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          onClick={onLang}
        >
          {t('otherLang')}
        </button>
        <button type="button" class="button button-quiet button-small" id="sign-out" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}
