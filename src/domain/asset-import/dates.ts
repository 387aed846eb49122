/**
 * Dates as people type them in an equipment list, read without I/O into "YYYY-MM-DD": ISO
 * (2024-09-01), slashes or dots (2024/9/1, 2024.9.1), Chinese (2024年9月1日), and the serial numbers
 * Excel stores dates as (45536 = 2024-09-01). Anything else, or a day that does not exist, is null.
 */

const SEPARATED = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T].*)?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;
const SERIAL = /^\d{1,6}(?:\.\d+)?$/;
/** Excel's day 0 is 1899-12-30 once its phantom 1900-02-29 (serial 60) is passed. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials before 1990 or after 2100 are more likely a typo than an acceptance date. */
const FIRST_SERIAL = 32_874; // 1990-01-01
const LAST_SERIAL = 73_415; // 2100-12-31

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function valid(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** An Excel serial day number (the 1900 date system) as a date. */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < FIRST_SERIAL || serial > LAST_SERIAL) return null;
  const t = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return valid(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * A cell's date: text in one of the forms above, an Excel serial (number or digits), or a Date a
 * spreadsheet reader produced (its UTC calendar day, as readers give dates at UTC midnight).
 */
export function readDate(value: string | number | Date): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return valid(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') return excelSerialDate(value);
  // Full-width digits and separators, as Chinese input methods type them.
  const text = value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  const parts = SEPARATED.exec(text) ?? CHINESE.exec(text);
  if (parts) return valid(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  if (SERIAL.test(text)) return excelSerialDate(Number(text));
  return null;
}
