/**
 * A phone number as identities are linked by: digits only, international prefix "00" or "+"
 * dropped, a mainland-China mobile number given without +86 gets it. Null when it is not a
 * plausible number.
 */
export function normalisePhone(text: string): string | null {
  const trimmed = text.normalize('NFKC').trim();
  if (!/^\+?[\d\s\-().]{5,24}$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits)) digits = `86${digits}`;
  return digits.length >= 6 && digits.length <= 15 ? digits : null;
}
