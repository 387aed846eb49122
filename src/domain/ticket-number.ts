/** Ticket numbers read like FX-2026-000123: prefix, year of the report, a counter per year. */
export function formatTicketNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

/** Normalises what a user typed ("fx-2026-123", " FX 2026 000123 ") to a ticket number, or null. */
export function parseTicketNumber(text: string, prefix: string): string | null {
  const compact = text
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s_—–]+/g, '-');
  const m = /^([A-Z][A-Z0-9]*)-?(\d{4})-?(\d{1,9})$/.exec(compact);
  if (m?.[1] !== prefix) return null;
  const n = Number(m[3]);
  return n > 0 ? formatTicketNumber(prefix, Number(m[2]), n) : null;
}
