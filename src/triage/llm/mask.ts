/**
 * What is masked in a teacher's text before it leaves the machine for the LLM: ID card numbers
 * (18 characters: 17 digits and a digit or X), e-mail addresses, phone numbers (mainland mobiles,
 * landlines with an area code, numbers written with +country code) and the personal names the desk
 * knows (the reporter's name). Pure: the same text and names give the same masked text.
 */
export const MASKS = { id: '[ID]', email: '[EMAIL]', phone: '[PHONE]', name: '[NAME]' } as const;

const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** +86 138 0013 8000, 13800138000, 138-0013-8000, 010-62345678, (0755) 1234 5678, +44 20 7946 0958. */
const PHONE =
  /(?<![\dA-Za-z])(?:\+\d{1,3}[\s-]?)?(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|\(?0\d{2,3}\)?[\s-]?\d{3,4}[\s-]?\d{4}|\d{2,4}[\s-]\d{3,4}[\s-]\d{4})(?![\dA-Za-z])/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with the personal data above replaced by placeholders. Names shorter than 2 characters are not masked. */
export function maskPersonalData(text: string, names: readonly string[] = []): string {
  let out = text.replace(ID_NUMBER, MASKS.id).replace(EMAIL, MASKS.email).replace(PHONE, MASKS.phone);
  const known = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  for (const name of known) out = out.replace(new RegExp(escape(name), 'giu'), MASKS.name);
  return out;
}
