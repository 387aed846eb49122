import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ImportResult } from '../../app/asset-import/apply.js';
import type { ImportRecord } from '../../ports/asset-import.js';
import { describe, isExpired } from '../api.js';
import { Message, NO_NOTE, type Note, ok, refusal } from '../components.js';
import { useDesk } from '../desk.js';
import type { TextKey } from '../i18n/zh-CN.js';
import type { Wire } from '../types.js';

type Preview = Wire<ImportResult>;
/** How many of the creates and updates the preview shows. */
const SHOWN = 50;

/**
 * Importing the equipment list: choose a CSV or XLSX file → its preview (counts, new schools and
 * rooms, the problems by row and column, the first devices added and updated) → Import (only when
 * there are no problems) → what it did; and the recent imports.
 */
export function AssetImport() {
  const desk = useDesk();
  const { t, api } = desk;
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(NO_NOTE);
  const [history, setHistory] = useState<readonly Wire<ImportRecord>[] | null>(null);

  const loadHistory = async () => {
    try {
      setHistory((await api.get<{ imports: Wire<ImportRecord>[] }>('/assets/imports')).imports);
    } catch (e) {
      if (!isExpired(e)) setNote(refusal(t('loadFailed', { message: describe(e, t) })));
    }
  };
  useEffect(() => void loadHistory(), [desk.tick]);
  useEffect(() => setNote(NO_NOTE), [desk.lang]);

  const send = async (chosen: File, dryRun: boolean): Promise<Preview | null> => {
    const form = new FormData();
    form.append('file', chosen, chosen.name);
    try {
      return await api.call<Preview>('POST', `/assets/import${dryRun ? '?dryRun=1' : ''}`, form);
    } catch (e) {
      if (!isExpired(e)) setNote(refusal(t('importFailed', { message: describe(e, t) })));
      return null;
    }
  };
  const choose = async (event: { currentTarget: HTMLInputElement }) => {
    const chosen = event.currentTarget.files?.[0] ?? null;
    event.currentTarget.value = '';
    if (!chosen) return;
    setFile(chosen);
    setPreview(null);
    setNote(ok(t('importChecking', { name: chosen.name })));
    setBusy(true);
    const result = await send(chosen, true);
    setBusy(false);
    if (result) {
      setPreview(result);
      setNote(NO_NOTE);
    }
  };
  const apply = async () => {
    if (!file || !preview) return;
    setBusy(true);
    const result = await send(file, false);
    setBusy(false);
    if (!result) return;
    setPreview(null);
    setFile(null);
    const applied = t('importApplied', {
      name: result.fileName,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
    });
    setNote(ok(result.retired > 0 ? `${applied} ${t('importAppliedRetired', { count: result.retired })}` : applied));
    await Promise.all([loadHistory(), result.applied ? knowSchools(result.sitesCreated) : undefined]);
  };
  /**
   * The schools' filters (register, manage, pending) read the meta loaded at sign-in: load it anew
   * until it lists the new schools (the server forgets its cached places once the import's event
   * comes back to it, a moment after the answer).
   */
  const knowSchools = async (names: readonly string[]) => {
    for (let attempt = 0; names.length > 0 && attempt < 5; attempt++) {
      const meta = await desk.refreshMeta();
      if (!meta || names.every((n) => meta.sites.some((s) => s.label === n))) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const blocked = !preview || preview.problems.length > 0 || preview.rows === 0 || busy;
  return (
    <section class="asset-import-view">
      <div class="view-head">
        <h2 class="view-title">{t('importTitle')}</h2>
      </div>
      <p class="view-hint">{t('importHint')}</p>
      <div class="import-actions">
        <label class="button button-quiet" for="asset-import-file">
          {t('importChoose')}
        </label>
        <input
          id="asset-import-file"
          class="visually-hidden"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          onChange={(e) => void choose(e)}
        />
        <button type="button" class="button button-primary" id="asset-import-apply" disabled={blocked} onClick={() => void apply()}>
          {busy && preview ? t('importApplying') : t('importApply')}
        </button>
      </div>
      <Message class="view-message" id="asset-import-message" note={note} />
      {preview ? <PreviewCard preview={preview} /> : null}
      <section class="card" id="asset-import-history">
        <h3 class="card-title">{t('importHistory')}</h3>
        {history?.length === 0 ? <p class="muted">{t('importNoHistory')}</p> : null}
        {history?.length ? (
          <table class="import-table">
            <thead>
              <tr>
                <th>{t('importAt')}</th>
                <th>{t('importFile')}</th>
                <th>{t('importBy')}</th>
                <th>{t('importCreated', { count: '' })}</th>
                <th>{t('importUpdated', { count: '' })}</th>
                <th>{t('importUnchanged', { count: '' })}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{desk.fmt.time(h.at)}</td>
                  <td>{h.fileName}</td>
                  <td>{h.agentName ?? t('importCommandLine')}</td>
                  <td>{h.created}</td>
                  <td>{h.updated}</td>
                  <td>{h.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </section>
  );
}

function PreviewCard({ preview }: { preview: Preview }) {
  const { t, lang, labels } = useDesk();
  const value = (v: string | number | null) => (v === null || v === '' ? '—' : String(v));
  return (
    <section class="card" id="asset-import-preview">
      <h3 class="card-title">{t('importPreviewOf', { name: preview.fileName })}</h3>
      <p class="import-counts" id="asset-import-counts">
        <span class="pill">{t('importRows', { count: preview.rows })}</span>
        <span class="pill">{t('importCreated', { count: preview.created })}</span>
        <span class="pill">{t('importUpdated', { count: preview.updated })}</span>
        <span class="pill">{t('importUnchanged', { count: preview.unchanged })}</span>
        {preview.retired > 0 ? (
          <span class="pill" id="asset-import-retired">
            {t('importRetired', { count: preview.retired })}
          </span>
        ) : null}
      </p>
      {preview.retired > 0 ? <p class="muted">{t('importRetiredHint', { count: preview.retired })}</p> : null}
      {preview.rows === 0 && preview.problems.length === 0 ? <p class="muted">{t('importNothing')}</p> : null}
      {preview.sitesCreated.length ? (
        <p id="asset-import-new-sites">{t('importNewSchools', { names: preview.sitesCreated.join('、') })}</p>
      ) : null}
      {preview.roomsCreated.length ? (
        <p id="asset-import-new-rooms">
          {t('importNewRooms', { names: preview.roomsCreated.map((r) => `${r.site} ${r.room}`).join('、') })}
        </p>
      ) : null}
      {preview.problems.length ? (
        <PreviewTable
          id="asset-import-problems"
          title={t('importProblems', { count: preview.problems.length })}
          titleClass="problem-title"
          hint={t('importProblemsHint')}
          headers={[t('importLine'), t('importColumn'), t('importProblem')]}
        >
          {preview.problems.map((p, i) => (
            <tr key={i} class="problem-row" data-line={p.line} data-code={p.code}>
              <td>{p.line}</td>
              <td>{p.column ?? (p.code === 'new_school_needs_contract' ? t('importContract') : '—')}</td>
              <td>{p.message[lang]}</td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
      {preview.creates.length ? (
        <PreviewTable
          id="asset-import-creates"
          title={
            <>
              {t('importCreates')}
              {preview.created > SHOWN ? t('importFirst', { count: SHOWN }) : ''}
            </>
          }
          headers={[
            t('importLine'),
            t('importTag'),
            t('importSchool'),
            t('importRoom'),
            t('importKind'),
            t('importModel'),
            t('importSerial'),
          ]}
        >
          {preview.creates.slice(0, SHOWN).map((c) => (
            <tr key={c.line}>
              <td>{c.line}</td>
              <td class="import-code">{c.tag}</td>
              <td>{c.school}</td>
              <td>{value(c.room)}</td>
              <td>{labels.fact('device', c.kind)}</td>
              <td>{value(c.model)}</td>
              <td class="import-code">{value(c.serial)}</td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
      {preview.updates.length ? (
        <PreviewTable
          id="asset-import-updates"
          title={
            <>
              {t('importUpdates')}
              {preview.updated > SHOWN ? t('importFirst', { count: SHOWN }) : ''}
            </>
          }
          headers={[t('importLine'), t('importTag'), t('importChanges')]}
        >
          {preview.updates.slice(0, SHOWN).map((u) => (
            <tr key={u.line}>
              <td>{u.line}</td>
              <td class="import-code">{u.tag}</td>
              <td>
                {Object.entries(u.changes).map(([field, change]) => (
                  <div key={field}>
                    {t(`field_${field}` as TextKey)}: {value(change.before)} → {value(change.after)}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
    </section>
  );
}

/** One part of the preview: a heading, an optional hint, and a table of rows. */
function PreviewTable(props: {
  id: string;
  title: ComponentChildren;
  titleClass?: string;
  hint?: string;
  headers: readonly string[];
  children: ComponentChildren;
}) {
  return (
    <div id={props.id}>
      <h4 class={props.titleClass ? `import-subtitle ${props.titleClass}` : 'import-subtitle'}>{props.title}</h4>
      {props.hint ? <p class="muted">{props.hint}</p> : null}
      <table class="import-table">
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
