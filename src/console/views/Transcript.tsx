import { useLayoutEffect, useRef } from 'preact/hooks';
import { API } from '../api.js';
import { Photo } from '../components.js';
import { useDesk } from '../desk.js';
import type { ConversationView, TranscriptLine } from '../types.js';

interface Props {
  readonly id: string;
  readonly data: ConversationView;
  /** Marks the undelivered replies as seen (null: this role may not). */
  readonly onMarkSeen: (() => void) | null;
  readonly marking: boolean;
}

/** The conversation as the user lived it, with replies that never reached them marked. */
export function Transcript({ id, data, onMarkSeen, marking }: Props) {
  const { t } = useDesk();
  const box = useRef<HTMLDivElement>(null);
  const el = box.current;
  // Follow new messages only when the agent is at the bottom (or nothing was shown yet).
  const stick = !el || el.childElementCount === 0 || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  useLayoutEffect(() => {
    if (stick && box.current) box.current.scrollTop = box.current.scrollHeight;
  });
  const failedSeqs = new Set(data.failed.map((f) => f.seq).filter((seq): seq is number => typeof seq === 'number'));
  // The banner speaks of what no agent has seen yet; the transcript keeps every mark.
  const unseen = data.failed.filter((f) => !f.reviewed);
  const reasons = [...new Set(unseen.map((f) => f.lastError).filter((r): r is string => Boolean(r)))].slice(0, 3);
  return (
    <>
      <div class="failed-banner" id="failed-banner" role="alert" hidden={unseen.length === 0}>
        {unseen.length > 0 ? (
          <>
            <strong>{`${t('undelivered')} · ${t('failedBanner', { n: unseen.length })}`}</strong>
            {reasons.map((reason) => (
              <span class="failed-reason" key={reason}>
                {t('failedReason', { reason })}
              </span>
            ))}
            {onMarkSeen ? (
              <button type="button" class="button button-small button-quiet" id="mark-seen" disabled={marking} onClick={onMarkSeen}>
                {t('markSeen')}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
      <div class="transcript" id="transcript" role="log" aria-live="polite" tabindex={0} ref={box}>
        {data.transcript.map((line) => (
          <Line key={line.seq} id={id} line={line} contact={data.entry.contactName} failed={failedSeqs.has(line.seq)} />
        ))}
      </div>
    </>
  );
}

function Line({ id, line, contact, failed }: { id: string; line: TranscriptLine; contact: string | null; failed: boolean }) {
  const desk = useDesk();
  const { t, fmt } = desk;
  const kind = line.direction === 'note' ? 'note' : line.sender;
  const named = (line as TranscriptLine & { agentName?: string | null }).agentName || desk.agentName(line.agentId) || t('from_agent');
  const agent = line.agentId === desk.me.id ? `${named}${t('you')}` : named;
  let who: string;
  if (kind === 'note') who = `${t('noteTag')} · ${named}`;
  else if (kind === 'user') who = contact || t('from_user');
  else if (kind === 'agent') who = `${t('from_agent')} · ${agent}`;
  else who = t(kind === 'bot' ? 'from_bot' : 'from_system');
  // A photo's bubble shows the photo; its words only when the user wrote a caption.
  const caption = line.attachmentId ? line.raw.text : line.text;
  return (
    <article class={`msg msg-${kind}${failed ? ' is-failed' : ''}`} data-seq={String(line.seq)}>
      <div class="msg-meta">
        <span class="msg-who">{who}</span>
        <time class="msg-time" dateTime={line.createdAt}>
          {fmt.time(line.createdAt)}
        </time>
        <span class="undelivered" hidden={!failed}>
          {t('undelivered')}
        </span>
      </div>
      <div class="bubble">
        {line.attachmentId ? (
          <Photo src={`${API}/conversations/${encodeURIComponent(id)}/attachments/${encodeURIComponent(line.attachmentId)}`} />
        ) : null}
        {caption || !line.attachmentId ? <p class="text">{caption || t('empty')}</p> : null}
        {line.choices && line.choices.length > 0 ? (
          <div class="chips" aria-label={t('choicesOffered')}>
            {line.choices.map((ch, i) => (
              <span class="chip" key={i}>
                {ch.label}
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </article>
  );
}
