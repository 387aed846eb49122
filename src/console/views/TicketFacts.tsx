import { useState } from 'preact/hooks';
import { type Choice, Options } from '../components.js';
import { useDesk } from '../desk.js';
import type { Detail, FactKey, FactSource, ReportSummary } from '../types.js';

/** Sets one fact as the agent says it is; resolves true when the server took it (a refusal goes to `fail`). */
export type Correct = (fact: FactKey, value: string | boolean, fail: (text: string) => void) => Promise<boolean>;

type Correction = Detail['corrections'][number];
type Provenance = NonNullable<Detail['triage']>['origins'][FactKey];

/** The report in two lines, tagged with who wrote it (the LLM or the template). */
export function SummaryLines({ summary, id }: { summary: ReportSummary | null | undefined; id: string }) {
  const { t, labels } = useDesk();
  if (!summary) return null;
  const by = t(summary.source === 'llm' ? 'summary_llm' : 'summary_template');
  return (
    <div class="report-summary" id={id} data-source={summary.source}>
      <span class="summary-tag" title={t('summaryTagHint', { by })}>
        {by}
      </span>
      <p class="summary-text">{labels.local(summary.text)}</p>
    </div>
  );
}

/** Where a fact came from, as a small badge (a dash when the ticket's record does not say). */
function OriginBadge({ source }: { source: FactSource | undefined }) {
  const { t } = useDesk();
  if (!source)
    return (
      <span class="muted" title={t('originUnknown')} aria-label={t('originUnknown')}>
        —
      </span>
    );
  return (
    <span class={`origin origin-${source}`} data-source={source}>
      {t(`origin_${source}`)}
    </span>
  );
}

/** The words of the report that told the fact, and the LLM's confidence. */
function Evidence({ origin }: { origin: Provenance | undefined }) {
  const { t } = useDesk();
  if (!origin?.quote && origin?.confidence === undefined) return null;
  return (
    <>
      {origin.quote ? <q class="fact-quote">{origin.quote}</q> : null}
      {origin.confidence !== undefined ? <span class="fact-confidence">{t('confidence', { c: origin.confidence.toFixed(2) })}</span> : null}
    </>
  );
}

/** The values an agent may choose for a fact, in words (yes/no for the two booleans). */
function valueChoices(fact: FactKey, desk: ReturnType<typeof useDesk>): Choice[] {
  if (fact === 'usable' || fact === 'majorEvent')
    return ['true', 'false'].map((value) => ({ value, label: desk.labels.fact(fact, value === 'true') }));
  const values: Readonly<Record<string, unknown>> = desk.meta.factValues[fact];
  return Object.keys(values).map((value) => ({ value, label: desk.labels.fact(fact, value) }));
}

interface RowProps {
  readonly ticket: Detail;
  readonly fact: FactKey;
  readonly correct: Correct | null;
  readonly busy: boolean;
}

/** One fact: its value, where it came from, the evidence, the latest correction, and the control to correct it. */
function FactRow({ ticket, fact, correct, busy }: RowProps) {
  const desk = useDesk();
  const { t, labels } = desk;
  const value = ticket.facts[fact];
  const known = value !== undefined && value !== null;
  const origin = ticket.triage?.origins[fact];
  const last: Correction | undefined = ticket.corrections.filter((c) => c.fact === fact).at(-1);
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState('');
  const name = labels.factName(fact);
  const save = (event: Event) => {
    event.preventDefault();
    if (!correct || !chosen) return;
    setError('');
    const next = fact === 'usable' || fact === 'majorEvent' ? chosen === 'true' : chosen;
    void correct(fact, next, setError).then((done) => done && setEditing(false));
  };
  return (
    <tr class="fact-row" data-fact={fact} data-source={origin?.source ?? ''}>
      <th scope="row">{name}</th>
      <td class="fact-value">
        <span class="fact-value-text">{known ? labels.fact(fact, value) : t('noValue')}</span>
        {last && origin?.source === 'agent' ? (
          <span class="fact-corrected-by">
            {t('correctedBy', {
              name: last.agentName || desk.agentName(last.agentId) || last.agentId,
              from: last.before === null ? t('noValue') : labels.fact(fact, last.before),
            })}
          </span>
        ) : null}
      </td>
      <td class="fact-origin">
        <OriginBadge source={origin?.source} />
      </td>
      <td class="fact-evidence">
        <Evidence origin={origin} />
      </td>
      <td class="fact-action">
        {!correct ? null : editing ? (
          <form class="fact-correct" noValidate onSubmit={save}>
            <div class="fact-correct-controls">
              <select
                class="select"
                aria-label={t('correctLabel', { fact: name })}
                value={chosen}
                onChange={(e) => setChosen(e.currentTarget.value)}
              >
                <Options choices={valueChoices(fact, desk).filter((c) => c.value !== String(value))} />
              </select>
              <button type="submit" class="button button-primary button-small fact-save" disabled={busy || !chosen}>
                {t('correctSave')}
              </button>
              <button type="button" class="button button-quiet button-small" onClick={() => setEditing(false)}>
                {t('correctCancel')}
              </button>
            </div>
            <p class="form-error" role="alert" data-kind="error" hidden={!error}>
              {error}
            </p>
          </form>
        ) : (
          <button
            type="button"
            class="button button-quiet button-small fact-edit"
            onClick={() => {
              setChosen(valueChoices(fact, desk).find((c) => c.value !== String(value))?.value ?? '');
              setError('');
              setEditing(true);
            }}
          >
            {t('correct')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** The facts the contract decides on, each with its origin and evidence; agents may correct them. */
export function FactsTable({ ticket, correct, busy }: { ticket: Detail; correct: Correct | null; busy: boolean }) {
  const { t, meta } = useDesk();
  // An accessory is a fact only of an accessory.
  const facts = meta.facts.filter((f) => f.key !== 'accessory' || ticket.facts.device === 'accessory' || ticket.facts.accessory);
  return (
    <table class="fact-table" id="fact-table">
      <thead>
        <tr>
          <th scope="col">{t('factColFact')}</th>
          <th scope="col">{t('factColValue')}</th>
          <th scope="col">{t('factColSource')}</th>
          <th scope="col">{t('factColEvidence')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('correct')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {facts.map((f) => (
          <FactRow
            key={f.key}
            ticket={ticket}
            fact={f.key}
            correct={f.key === 'accessory' && ticket.facts.device !== 'accessory' ? null : correct}
            busy={busy}
          />
        ))}
      </tbody>
    </table>
  );
}

/**
 * What the contract decides on the corrected facts, when it differs from the ticket's severity or
 * warranty: the agent applies it with the override commands beside.
 */
export function ReassessmentHint({ ticket }: { ticket: Detail }) {
  const desk = useDesk();
  const { t, labels } = desk;
  const suggested = ticket.reassessment;
  if (!suggested || ticket.corrections.length === 0) return null;
  const target = suggested.severity !== ticket.severity ? 'override-severity-to' : 'override-warranty-to';
  const go = () => {
    const field = document.getElementById(target);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  };
  return (
    <div class="reassessment" id="reassessment" role="status">
      <p>
        {t('reassessHint', {
          severity: labels.severity(suggested.severity, ticket.contractId),
          warranty: labels.warranty(suggested.warranty),
        })}
      </p>
      {desk.can('tickets.override') && ticket.status !== 'closed' ? (
        <button type="button" class="button button-quiet button-small" id="reassessment-go" onClick={go}>
          {t('reassessAction')}
        </button>
      ) : (
        <p class="muted small">{t('reassessAsk')}</p>
      )}
    </div>
  );
}

/** The LLM call whose answer the triage used: model, prompt version, outcome, latency, tokens. */
export function LlmCallBox({ call }: { call: Detail['llmCall'] }) {
  const { t, fmt } = useDesk();
  if (!call) return null;
  const tokens =
    call.promptTokens === null && call.completionTokens === null ? '—' : `${call.promptTokens ?? '?'} + ${call.completionTokens ?? '?'}`;
  return (
    <section class="llm-call" id="llm-call" aria-label={t('llmCallTitle')}>
      <h4 class="sub-title">{t('llmCallTitle')}</h4>
      <dl class="facts facts-compact">
        <dt>{t('llmModel')}</dt>
        <dd id="llm-model">{call.model}</dd>
        <dt>{t('llmPrompt')}</dt>
        <dd>{call.promptVersion}</dd>
        <dt>{t('llmOutcome')}</dt>
        <dd data-outcome={call.outcome}>{call.outcome}</dd>
        <dt>{t('llmLatency')}</dt>
        <dd>{t('llmLatencyValue', { ms: call.latencyMs })}</dd>
        <dt>{t('llmTokens')}</dt>
        <dd>{tokens}</dd>
        <dt>{t('llmAt')}</dt>
        <dd>
          <time dateTime={call.at}>{fmt.time(call.at)}</time>
        </dd>
      </dl>
    </section>
  );
}
