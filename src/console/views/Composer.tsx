import type { MutableRef } from 'preact/hooks';
import { useRef, useState } from 'preact/hooks';
import { ApiError, describe, isExpired } from '../api.js';
import { useDesk } from '../desk.js';
import type { Lang } from '../types.js';

interface Props {
  readonly id: string;
  /** The conversation's language: canned replies are inserted in it. */
  readonly lang: Lang;
  readonly mode: 'reply' | 'note';
  readonly setMode: (mode: 'reply' | 'note') => void;
  readonly mayReply: boolean;
  readonly onSent: () => Promise<void>;
  readonly onError: (text: string) => void;
  readonly focusRef: MutableRef<() => void>;
}

/** Replies to the user and internal notes: Enter sends, Shift+Enter is a new line; the draft survives re-renders. */
export function Composer({ id, lang, mode, setMode, mayReply, onSent, onError, focusRef }: Props) {
  const desk = useDesk();
  const { t } = desk;
  const input = useRef<HTMLTextAreaElement>(null);
  const [sending, setSending] = useState(false);
  focusRef.current = () => input.current?.focus();
  const note = mode === 'note';

  const send = async () => {
    const box = input.current;
    const text = box?.value.trim() ?? '';
    if (!box || !text || sending) return;
    if (!note && !mayReply) return;
    setSending(true);
    try {
      await desk.api.post(`/conversations/${encodeURIComponent(id)}/${note ? 'notes' : 'messages'}`, { text });
      if (box.value.trim() === text) box.value = '';
      onError('');
      await onSent();
    } catch (error) {
      if (isExpired(error)) return;
      onError(describe(error, t));
      if (error instanceof ApiError && (error.code === 'not_owner' || error.code === 'changed')) void onSent();
    } finally {
      setSending(false);
    }
  };

  const insertCanned = (replyId: string) => {
    const reply = desk.canned.find((r) => r.id === replyId);
    const box = input.current;
    if (!reply || !box) return;
    const text = reply.text[lang] || reply.text['zh-CN'];
    box.setRangeText(text, box.selectionStart, box.selectionEnd, 'end');
    box.focus();
  };

  const choose = (next: 'reply' | 'note') => {
    setMode(next);
    input.current?.focus();
  };

  return (
    <form
      class={`composer${note ? ' is-note' : ''}`}
      id="composer"
      noValidate
      autocomplete="off"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div class="composer-bar">
        <div class="modes" role="group">
          <button type="button" class="mode" id="mode-reply" aria-pressed={!note} disabled={!mayReply} onClick={() => choose('reply')}>
            {t('modeReply')}
          </button>
          <button type="button" class="mode" id="mode-note" aria-pressed={note} onClick={() => choose('note')}>
            {t('modeNote')}
          </button>
        </div>
        <select
          class="select select-small"
          id="canned"
          aria-label={t('cannedLabel')}
          value=""
          onChange={(event) => {
            const value = event.currentTarget.value;
            event.currentTarget.value = '';
            insertCanned(value);
          }}
        >
          <option value="">{t('canned')}</option>
          {desk.canned.map((r) => (
            <option key={r.id} value={r.id}>
              {desk.labels.local(r.title)}
            </option>
          ))}
        </select>
      </div>
      <textarea
        ref={input}
        class="input composer-input"
        id="composer-input"
        rows={2}
        aria-label={t('composerLabel')}
        maxLength={4000}
        placeholder={note ? t('placeholderNote') : t('placeholderReply')}
        onKeyDown={(event) => {
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- Safari gives the Enter that ends an IME composition isComposing false and keyCode 229; no standard property tells it apart
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div class="composer-foot">
        <span class="composer-hint" id="composer-hint">
          {note ? t('noteHint') : t('sendHint')}
        </span>
        <button type="submit" class="button button-primary" id="send" disabled={sending}>
          {note ? t('saveNote') : t('send')}
        </button>
      </div>
    </form>
  );
}
