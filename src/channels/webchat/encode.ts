import type { TranscriptEntry } from '../../ports/store.js';

/** A transcript entry as the web chat page receives it (GET …/messages, the events stream). */
export interface WebMessage {
  readonly seq: number;
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly choices?: readonly { id: string; label: string }[];
  readonly photo?: string;
  readonly at: string;
}

/** What the web chat encodes: one transcript entry of a session. The page reads replies from the transcript: nothing is pushed. */
export interface WebchatReply {
  readonly sessionId: string;
  readonly entry: TranscriptEntry;
}

/**
 * One transcript entry as what the page shows (pure): none for the opening of a session (recorded
 * like any event, but not something the user said) and for agents' internal notes; otherwise
 * one message, its photo as the session's attachment URL. The page has no length or button limit.
 */
export function encode({ sessionId, entry: e }: WebchatReply): WebMessage[] {
  if (e.kind === 'start' || e.direction === 'note') return [];
  return [
    {
      seq: e.seq,
      from: e.sender === 'agent' ? 'agent' : e.sender === 'user' ? 'user' : 'bot',
      text: e.text,
      ...(e.choices ? { choices: e.choices } : {}),
      ...(e.attachmentId ? { photo: `/api/webchat/sessions/${sessionId}/attachments/${e.attachmentId}` } : {}),
      at: e.createdAt.toISOString(),
    },
  ];
}
