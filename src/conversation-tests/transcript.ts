/** A transcript entry as stored (the parts a conversation test shows). */
export interface StoredEntry {
  readonly seq: number;
  readonly direction: 'in' | 'out' | 'note';
  readonly sender: 'user' | 'bot' | 'agent' | 'system';
  readonly kind: string;
  readonly text: string;
  readonly choices?: readonly { readonly id: string; readonly label: string }[] | null;
}

/** One line of a transcript as a conversation test prints it. */
export interface TranscriptLine {
  readonly seq: number;
  /** teacher, bot, agent or note. */
  readonly who: string;
  readonly text: string;
}

/** A conversation as the teacher saw it, in order: who said what, with the buttons shown. */
export function transcriptLines(entries: readonly StoredEntry[]): TranscriptLine[] {
  return entries.map((m) => {
    if (m.direction === 'note') return { seq: m.seq, who: 'note', text: m.text };
    if (m.direction === 'in') return { seq: m.seq, who: 'teacher', text: inbound(m) };
    const buttons = m.choices?.length ? `\n${m.choices.map((c) => `[${c.label}]`).join(' ')}` : '';
    return { seq: m.seq, who: m.sender === 'agent' ? 'agent' : 'bot', text: `${m.text}${buttons}` };
  });
}

function inbound(m: StoredEntry): string {
  if (m.kind === 'start')
    return m.text.startsWith('/start ') ? `(opens the chat from the QR code of ${m.text.slice(7)})` : '(opens the chat)';
  if (m.kind === 'photo') return m.text ? `[photo] ${m.text}` : '[photo]';
  if (m.kind === 'choice') return `[${m.text}]`;
  return m.text;
}

/** The lines as text for a terminal: labels aligned, continuation lines indented, a rule where `since` begins. */
export function formatTranscript(lines: readonly TranscriptLine[], since = -1, indent = '    '): string {
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === since) out.push(`${indent}┄┄┄ since the last message ┄┄┄`);
    const label = `${line.who}:`.padEnd(9);
    const [first = '', ...rest] = line.text.split('\n');
    out.push(`${indent}${label}${first}`, ...rest.map((r) => `${indent}${' '.repeat(9)}${r}`));
  }
  if (lines.length === 0) out.push(`${indent}(nothing was said)`);
  return out.join('\n');
}
