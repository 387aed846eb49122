import { z } from 'zod';
import { Device } from '../facts.js';
import { LocalText } from '../i18n.js';

/**
 * The fields of an equipment list's row, in the order a template lists them. `retiredOn` (the
 * register's export writes it): a row whose cell is filled is a retired device and is left out.
 */
export const IMPORT_FIELDS = [
  'school',
  'room',
  'kind',
  'model',
  'serial',
  'acceptedOn',
  'warrantyMonths',
  'contract',
  'tag',
  'retiredOn',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields a list must have a column for. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['school', 'kind', 'acceptedOn'];

export const PROBLEM_CODES = [
  'missing_column',
  'duplicate_column',
  'required',
  'unknown_kind',
  'bad_date',
  'future_date',
  'bad_months',
  'unknown_contract',
  'bad_tag',
  'duplicate_tag',
  'duplicate_serial',
  'too_long',
  'bad_characters',
  'new_school_needs_contract',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const Words = z.array(z.string().min(1)).min(1);

/** flows/assets/import.yaml: the headers of each field, the names of each kind, the problems' texts. */
export const ImportSpec = z.strictObject({
  columns: z.strictObject(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, Words])) as Record<ImportField, typeof Words>),
  kinds: z.partialRecord(Device, Words),
  tags: z.strictObject({
    prefix: z.string().regex(/^[A-Z0-9]{1,10}$/),
    digits: z.number().int().min(3).max(8),
    kinds: z.record(Device, z.string().regex(/^[A-Z0-9]{1,6}$/)),
  }),
  problems: z.strictObject(Object.fromEntries(PROBLEM_CODES.map((c) => [c, LocalText])) as Record<ProblemCode, typeof LocalText>),
});
export type ImportSpec = z.infer<typeof ImportSpec>;

/** A header or a kind name as compared: NFKC, lower case, without spaces, brackets and punctuation. */
export function foldName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]{}（）【】:：_\-—/\\.,，、]+/g, '');
}

/**
 * The spec with each kind also known by the names the desk shows it under (flows/desk/labels.yaml,
 * in every language): what the register's own export writes reads back in.
 */
export function withShownKindNames(spec: ImportSpec, shown: Partial<Record<Device, LocalText>>): ImportSpec {
  const kinds: Partial<Record<Device, string[]>> = {};
  for (const kind of new Set([...Object.keys(spec.kinds), ...Object.keys(shown)]) as Set<Device>) {
    const names = [...(spec.kinds[kind] ?? []), ...Object.values(shown[kind] ?? {})];
    kinds[kind] = [...new Map(names.map((n) => [foldName(n), n])).values()];
  }
  return { ...spec, kinds };
}
