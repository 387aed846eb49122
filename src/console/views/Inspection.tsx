import { useEffect, useRef, useState } from 'preact/hooks';
import { API, describe, isExpired } from '../api.js';
import { Card, Message, Photo, NO_NOTE, type Note, ok, Options, refusal } from '../components.js';
import { useChanges, useDesk } from '../desk.js';
import { localText } from '../i18n/index.js';
import { href } from '../router.js';
import type { InspectionPage } from '../types.js';
import { StatePill } from './Inspections.js';

type Line = InspectionPage['lines'][number];
type Result = 'ok' | 'fault' | 'note';
interface Loaded {
  readonly inspection: InspectionPage;
  readonly may: { readonly assign: boolean; readonly fill: boolean; readonly cancel: boolean };
}
/** A change's answer: the inspection, and a line's ticket opened, or still open after its fault was changed. */
type Marked = Loaded & { ticket?: { number: string } | null; stillOpen?: { number: string } | null };
interface Engineer {
  readonly id: string;
  readonly displayName: string;
}

/**
 * One inspection: its site, clause and dates; the engineer a coordinator assigns (who then gets
 * "Start inspection" in their chat); each line filled in (OK / Fault / Note with a line of text; a
 * fault opens its ticket at once); the summary and Complete; and the printable record.
 */
export function Inspection({ id }: { id: string }) {
  const desk = useDesk();
  const { t, api, lang, fmt } = desk;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [engineers, setEngineers] = useState<readonly Engineer[]>([]);
  const [message, setMessage] = useState<Note>(NO_NOTE);
  const [summary, setSummary] = useState('');
  const path = `/inspections/${encodeURIComponent(id)}`;

  const load = async () => {
    try {
      const data = await api.get<Loaded>(path);
      setLoaded(data);
      setSummary((s) => s || data.inspection.summary || '');
    } catch (e) {
      if (!isExpired(e)) setMessage(refusal(t('loadFailed', { message: describe(e, t) })));
    }
  };
  useEffect(() => {
    void load();
    api
      .get<{ engineers: Engineer[] }>('/inspections/engineers')
      .then((d) => setEngineers(d.engineers))
      .catch(() => {});
  }, [id]);
  // A message said in the other language goes when the language changes.
  useEffect(() => setMessage(NO_NOTE), [lang]);
  // Live: the engineer filling lines in from chat (or a colleague here) shows at once.
  useChanges((change) => {
    if (change.type === 'refresh' || (change.type === 'inspection' && change.id === id)) void load();
  });

  const act = async (run: () => Promise<Marked>, done: (d: Marked) => string) => {
    setMessage(NO_NOTE);
    try {
      const data = await run();
      setLoaded({ inspection: data.inspection, may: data.may });
      setMessage(ok(done(data)));
    } catch (e) {
      if (!isExpired(e)) setMessage(refusal(describe(e, t)));
    }
  };

  if (!loaded) return <Message class="view-message" id="insp-message" note={message} />;
  const { inspection: insp, may } = loaded;
  const open = insp.status === 'planned' || insp.status === 'in_progress';
  const fill = may.fill && open;
  return (
    <section class="inspection-view" data-id={insp.id} data-status={insp.status}>
      <a class="back-link link" href={href('inspections')}>
        {t('inspBack')}
      </a>
      <div class="view-head">
        <h2 class="view-title">
          <span class="mono">{insp.number}</span> {insp.siteName}
        </h2>
        <StatePill state={insp.state} />
        <a
          class="button button-quiet insp-record-link"
          id="insp-record"
          href={`${API}${path}/record?lang=${lang}`}
          target="_blank"
          rel="noopener"
        >
          {t('inspRecord')}
        </a>
      </div>
      <Message class="view-message" id="insp-message" note={message} />
      <Card title={localText(insp.contractName, lang)}>
        <dl class="insp-facts">
          <dt>{t('inspClause')}</dt>
          <dd>
            {`${insp.contractId} ${insp.clause}`} <span class="muted">{localText(insp.clauseText, lang)}</span>
          </dd>
          <dt>{t('inspDue')}</dt>
          <dd class="mono">{insp.dueOn}</dd>
          <dt>{t('inspNotice')}</dt>
          <dd class="mono">{insp.noticeOn}</dd>
          <dt>{t('inspStarted')}</dt>
          <dd>{insp.startedAt ? fmt.time(insp.startedAt) : '—'}</dd>
          <dt>{t('inspCompleted')}</dt>
          <dd>{insp.completedAt ? fmt.time(insp.completedAt) : '—'}</dd>
          <dt>{t('inspEngineer')}</dt>
          <dd>
            {may.assign && open ? (
              <select
                class="select"
                id="insp-engineer"
                aria-label={t('inspAssign')}
                value={insp.engineerId ?? ''}
                onChange={(e) => {
                  const engineerId = e.currentTarget.value || null;
                  const name = engineers.find((x) => x.id === engineerId)?.displayName ?? '';
                  void act(
                    () => api.post(`${path}/engineer`, { engineerId }),
                    () => t('inspAssigned', { name }),
                  );
                }}
              >
                <Options
                  choices={[
                    { value: '', label: t('inspChooseEngineer') },
                    ...engineers.map((x) => ({ value: x.id, label: x.displayName })),
                  ]}
                />
              </select>
            ) : (
              (insp.engineerName ?? t('inspUnassigned'))
            )}
          </dd>
        </dl>
        {fill && insp.status === 'planned' ? (
          <button
            type="button"
            class="button button-primary"
            id="insp-start"
            onClick={() =>
              void act(
                () => api.post(`${path}/start`),
                () => t('inspStartedNote'),
              )
            }
          >
            {t('inspStart')}
          </button>
        ) : null}
      </Card>
      <Card title={`${t('inspItems')} (${t('inspProgressValue', { checked: insp.progress.checked, total: insp.progress.total })})`}>
        {!fill && open ? <p class="muted">{t('inspReadOnly')}</p> : null}
        <ol class="insp-lines" id="insp-lines">
          {insp.lines.map((line) => (
            <LineRow
              key={line.index}
              inspectionId={insp.id}
              line={line}
              editable={fill}
              onMark={(result, note) =>
                act(
                  () => api.post(`${path}/lines/${line.index}`, { result, ...(note !== undefined ? { note } : {}) }),
                  (d) =>
                    d.ticket
                      ? t('inspTicketOpened', { n: line.index + 1, number: d.ticket.number })
                      : d.stillOpen
                        ? t('inspTicketStillOpen', { n: line.index + 1, number: d.stillOpen.number })
                        : t('inspLineSaved', { n: line.index + 1 }),
                )
              }
            />
          ))}
        </ol>
      </Card>
      <Card title={t('inspSummary')}>
        {fill ? (
          <>
            <textarea
              class="input insp-summary"
              id="insp-summary"
              rows={3}
              aria-label={t('inspSummary')}
              placeholder={t('inspSummaryPlaceholder')}
              value={summary}
              onInput={(e) => setSummary(e.currentTarget.value)}
            />
            <div class="insp-actions">
              <button
                type="button"
                class="button button-primary"
                id="insp-complete"
                disabled={!insp.progress.complete}
                onClick={() =>
                  void act(
                    () => api.post(`${path}/complete`, { summary }),
                    () => t('inspCompletedNote'),
                  )
                }
              >
                {t('inspComplete')}
              </button>
              {may.cancel ? (
                <button
                  type="button"
                  class="button button-quiet"
                  id="insp-cancel"
                  onClick={() =>
                    void act(
                      () => api.post(`${path}/cancel`),
                      () => t('inspCancelledNote'),
                    )
                  }
                >
                  {t('inspCancel')}
                </button>
              ) : null}
            </div>
          </>
        ) : (
          <p class="insp-summary-text">{insp.summary ?? '—'}</p>
        )}
      </Card>
    </section>
  );
}

/** One line: name, hint, asset and room; its result and note, the ticket it opened; OK / Fault / Note when editable. */
function LineRow({
  inspectionId,
  line,
  editable,
  onMark,
}: {
  inspectionId: string;
  line: Line;
  editable: boolean;
  onMark: (result: Result, note?: string | null) => Promise<void>;
}) {
  const { t, lang } = useDesk();
  const [note, setNote] = useState(line.note ?? '');
  // A note written elsewhere (the engineer's chat) replaces the one shown, unless one is being typed here.
  const shown = useRef(line.note ?? '');
  useEffect(() => {
    const next = line.note ?? '';
    setNote((typed) => (typed === shown.current ? next : typed));
    shown.current = next;
  }, [line.note]);
  const [needNote, setNeedNote] = useState(false);
  const where = line.assetId ? [line.assetTag, line.room].filter(Boolean).join(' · ') : t('inspSiteWide');
  const press = (result: Result) => {
    if (result === 'fault' && !note.trim()) {
      setNeedNote(true);
      return;
    }
    setNeedNote(false);
    void onMark(result, result === 'ok' && !note.trim() ? undefined : note.trim() || null);
  };
  return (
    <li class={`insp-line${line.result ? ` is-${line.result}` : ''}`} data-index={line.index} data-result={line.result ?? ''}>
      <div class="insp-line-head">
        <span class="insp-line-no">{line.index + 1}</span>
        <span class="insp-line-name">{localText(line.name, lang)}</span>
        <span class="insp-line-where muted">{where}</span>
        <span class={`pill insp-result insp-result-${line.result ?? 'none'}`}>
          {line.result ? t(`result_${line.result}`) : t('inspUnchecked')}
        </span>
        {line.ticketNumber && line.ticketId ? (
          <a class="mono insp-line-ticket" href={href('tickets', line.ticketId)}>
            {line.ticketNumber}
          </a>
        ) : null}
        {line.photos.length > 0 ? <span class="muted">{t('inspPhotos', { count: line.photos.length })}</span> : null}
      </div>
      {line.photos.length > 0 ? (
        <div class="insp-line-photos">
          {line.photos.map((p) => (
            <Photo key={p} src={`${API}/inspections/${encodeURIComponent(inspectionId)}/photos/${encodeURIComponent(p)}`} />
          ))}
        </div>
      ) : null}
      {line.hint ? <div class="insp-line-hint muted">{localText(line.hint, lang)}</div> : null}
      {editable ? (
        <div class="insp-line-edit">
          <input
            class="input insp-line-note"
            type="text"
            maxLength={2000}
            aria-label={t('inspNote')}
            placeholder={t('inspNotePlaceholder')}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
          {(['ok', 'fault', 'note'] as const).map((r) => (
            <button
              key={r}
              type="button"
              class={`button button-quiet button-small insp-mark insp-mark-${r}${line.result === r ? ' is-chosen' : ''}`}
              aria-pressed={line.result === r}
              onClick={() => press(r)}
            >
              {t(`result_${r}`)}
            </button>
          ))}
          {needNote ? (
            <span class="field-error" role="alert">
              {t('inspNoteNeeded')}
            </span>
          ) : null}
        </div>
      ) : line.note ? (
        <div class="insp-line-note-text">{line.note}</div>
      ) : null}
    </li>
  );
}
