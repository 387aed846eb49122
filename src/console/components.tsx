import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useDesk } from './desk.js';

/** News or a refusal shown in a view: role=status for news, role=alert for refusals. */
export interface Note {
  readonly text: string;
  readonly kind: 'ok' | 'error';
}
export const NO_NOTE: Note = { text: '', kind: 'ok' };
export const ok = (text: string): Note => ({ text, kind: 'ok' });
export const refusal = (text: string): Note => ({ text, kind: 'error' });

export function Message({ note, id, class: cls }: { note: Note; id?: string; class: string }) {
  return (
    <p class={cls} id={id} data-kind={note.kind} role={note.kind === 'error' ? 'alert' : 'status'} hidden={!note.text}>
      {note.text}
    </p>
  );
}

export function SeverityBadge({ level, contractId, titled = true }: { level: string; contractId?: string; titled?: boolean }) {
  const { labels } = useDesk();
  const title = titled ? labels.severity(level, contractId) : undefined;
  return (
    <span class={`sev sev-${/^[A-D]$/.test(level) ? level : 'X'}`} title={title} aria-label={title}>
      {level}
    </span>
  );
}

export function StatusPill({ status, id }: { status: string; id?: string }) {
  const { labels } = useDesk();
  return (
    <span class={`pill status-pill status-${status}`} id={id}>
      {labels.status(status)}
    </span>
  );
}

/** A photo the API serves, linked to itself; a broken one says so. */
export function Photo({ src }: { src: string }) {
  const { t } = useDesk();
  const [broken, setBroken] = useState(false);
  if (broken) return <span class="photo-broken">{t('photoBroken')}</span>;
  return (
    <a href={src} target="_blank" rel="noopener">
      <img class="photo" src={src} alt={t('photo')} loading="lazy" onError={() => setBroken(true)} />
    </a>
  );
}

export function Card({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <section class="card">
      <h3 class="card-title">{title}</h3>
      {children}
    </section>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
    </label>
  );
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export function Options({ choices }: { choices: readonly Choice[] }) {
  return (
    <>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}

/** Pairs of a term and its value (rows whose value is null are left out). */
export function Facts({
  pairs,
  id,
  class: cls = 'facts',
}: {
  pairs: readonly (readonly [string, ComponentChildren] | null)[];
  id?: string;
  class?: string;
}) {
  return (
    <dl class={cls} id={id}>
      {pairs.map((pair) =>
        pair ? (
          <>
            <dt>{pair[0]}</dt>
            <dd>{pair[1]}</dd>
          </>
        ) : null,
      )}
    </dl>
  );
}

const ICONS = {
  bell: ['M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  chat: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'],
} as const;

/** A header toggle's name: in words on wide screens, as its symbol on phones (styles/narrow.css). */
export function ToggleLabel({ icon, label }: { icon: keyof typeof ICONS; label: string }) {
  return (
    <>
      <svg
        class="toggle-icon"
        aria-hidden="true"
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        {ICONS[icon].map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
      <span class="toggle-label">{label}</span>
    </>
  );
}
