import { z } from 'zod';
import { Device } from '../../domain/facts.js';

/** A stored text the boundary had to repair (a NUL or a lone surrogate became U+FFFD): refused, not kept. */
const clean = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\uFFFD'), 'contains a character that cannot be stored (a NUL byte)');

/** Text that may be cleared: an empty string is null. */
const optionalText = (max: number) =>
  clean(max)
    .transform((s) => s.trim() || null)
    .nullable()
    .optional();

/** PATCH /assets/:id: the fields an agent may change (the tag is the asset's name: it stays). */
export const AssetEditBody = z.strictObject({
  kind: Device.optional(),
  model: optionalText(200),
  serial: optionalText(200),
  acceptedOn: z.iso.date('acceptedOn: a date as YYYY-MM-DD').optional(),
  warrantyMonths: z.number().int().min(1).max(120).nullable().optional(),
  siteId: z.uuid().optional(),
  roomId: z.uuid().nullable().optional(),
  /** Sent back as it was: a different tag is refused. */
  tag: clean(100).optional(),
});
export type AssetEditBody = z.infer<typeof AssetEditBody>;

export const MAX_RETIRE_REASON = 500;

/** POST /assets/:id/retire. */
export const RetireBody = z.strictObject({
  reason: clean(MAX_RETIRE_REASON)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'reason: say why the asset is retired')),
});

/** GET /assets and its exports: the search and filters. */
export const AssetListQuery = z.strictObject({
  q: clean(200).optional(),
  site: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  room: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  kind: Device.optional().or(z.literal('').transform(() => undefined)),
  status: z.enum(['active', 'retired', 'all']).default('active'),
  warrantyWithin: z
    .enum(['30', '60', '90'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  after: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.enum(['zh-CN', 'en']).optional(),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;
