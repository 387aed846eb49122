import { Hono } from 'hono';
import { z } from 'zod';
import { labelSheet, MAX_LABELS_PER_SHEET } from '../../app/labels/label-sheets.js';
import { LabelSheetWriter } from '../../app/labels/sheet.js';
import { requirePermission } from '../../app/permissions.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Config } from '../../config.js';
import { Lang } from '../../domain/i18n.js';
import { LABEL_LAYOUT_IDS, LABEL_LAYOUTS, labelsPerPage } from '../../domain/labels/layouts.js';
import { LABEL_CHANNELS, labelChannelProblem, type LabelLinkSettings } from '../../domain/labels/links.js';
import type { LabelRegister } from '../../ports/asset-register.js';
import { HttpError } from '../../web/errors.js';
import type { ConsoleEnv } from './context.js';
import { attachment } from './report-routes.js';

/**
 * The label links' settings; without PUBLIC_URL the web chat link uses the request's own origin,
 * without TELEGRAM_BOT_USERNAME the bot's username as Telegram's getMe gives it (`telegramAccount`).
 */
export type LabelLinkConfig = Omit<LabelLinkSettings, 'publicUrl'> & {
  readonly publicUrl: string | undefined;
  readonly telegramAccount?: (() => Promise<string | undefined>) | undefined;
};

/** The label links' settings from the configuration: the public address and the chat channels that are on. */
export function labelLinkConfig(
  config: Pick<
    Config,
    | 'PUBLIC_URL'
    | 'TELEGRAM_BOT_TOKEN'
    | 'TELEGRAM_BOT_USERNAME'
    | 'LINE_CHANNEL_SECRET'
    | 'LINE_CHANNEL_ACCESS_TOKEN'
    | 'LINE_BOT_BASIC_ID'
  >,
  telegramAccount?: () => Promise<string | undefined>,
): LabelLinkConfig {
  return {
    publicUrl: config.PUBLIC_URL,
    telegram: config.TELEGRAM_BOT_TOKEN ? { botUsername: config.TELEGRAM_BOT_USERNAME ?? null } : null,
    line: config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN ? { basicId: config.LINE_BOT_BASIC_ID ?? null } : null,
    telegramAccount,
  };
}

const LabelQuery = z.strictObject({
  site: z.uuid({ error: 'site: not a school id' }).optional(),
  room: z.uuid({ error: 'room: not a room id' }).optional(),
  ids: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.split(',').map((id) => id.trim())))
    .pipe(
      z
        .array(z.uuid({ error: 'ids: every id must be an asset id (uuid)' }))
        .max(MAX_LABELS_PER_SHEET, { error: `ids: at most ${MAX_LABELS_PER_SHEET}` })
        .optional(),
    ),
  layout: z.enum(LABEL_LAYOUT_IDS, { error: `layout: one of ${LABEL_LAYOUT_IDS.join(', ')}` }).default('3x8'),
  channel: z.enum(LABEL_CHANNELS, { error: `channel: one of ${LABEL_CHANNELS.join(', ')}` }).default('webchat'),
  lang: Lang.default('zh-CN'),
  outline: z.enum(['0', '1']).default('0'),
});

/**
 * QR labels (assets.view): GET /assets/labels.pdf?site|room|ids&layout&channel&lang&outline, a sheet
 * of the active assets asked for; GET /assets/labels/choices, what the labels page offers (and the
 * address the web chat's codes carry, with whether it is PUBLIC_URL).
 */
export function assetLabelRoutes(register: LabelRegister, catalog: Catalog, config: LabelLinkConfig): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const writer = new LabelSheetWriter();
  const settings = async (requestUrl: string): Promise<LabelLinkSettings> => {
    const { telegramAccount, ...links } = config;
    // The setting wins; else the bot's own username, asked of Telegram once (a failure: asked again next time).
    const telegram =
      links.telegram && !links.telegram.botUsername && telegramAccount
        ? { botUsername: (await telegramAccount())?.replace(/^@/, '') ?? null }
        : links.telegram;
    return { ...links, telegram, publicUrl: links.publicUrl ?? new URL(requestUrl).origin };
  };

  app.get('/assets/labels/choices', async (c) => {
    requirePermission(c.get('signedIn').agent, 'assets.view');
    const links = await settings(c.req.url);
    return c.json({
      // Without PUBLIC_URL the web chat's codes carry this request's address (localhost, on an
      // operator's machine): the page warns, naming the setting.
      webchatBase: { url: links.publicUrl, fromPublicUrl: config.publicUrl !== undefined },
      places: await register.labelPlaces(),
      channels: LABEL_CHANNELS.map((id) => ({ id, problem: labelChannelProblem(links, id) })),
      layouts: LABEL_LAYOUT_IDS.map((id) => {
        const l = LABEL_LAYOUTS[id];
        return { id, perPage: labelsPerPage(l), columns: l.columns, rows: l.rows, label: l.label };
      }),
      maxLabels: MAX_LABELS_PER_SHEET,
    });
  });

  app.get('/assets/labels.pdf', async (c) => {
    requirePermission(c.get('signedIn').agent, 'assets.view');
    const parsed = LabelQuery.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid_query', parsed.error.issues.map((i) => i.message).join('; '));
    const q = parsed.data;
    if (!q.site && !q.room && !q.ids) throw new HttpError(400, 'no_selection', 'give a school (site), a room or asset ids');
    const sheet = await labelSheet(register, catalog.desk, await settings(c.req.url), writer, {
      ...(q.site ? { siteId: q.site } : {}),
      ...(q.room ? { roomId: q.room } : {}),
      ...(q.ids ? { ids: q.ids } : {}),
      layout: q.layout,
      channel: q.channel,
      lang: q.lang,
      outline: q.outline === '1',
    });
    if (!sheet.ok) throw new HttpError(sheet.status, sheet.error, sheet.message);
    return c.body(new Uint8Array(sheet.pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': attachment(sheet.fileName),
      'cache-control': 'no-store',
      'x-label-count': String(sheet.labels),
      'x-label-pages': String(sheet.pages),
    });
  });
  return app;
}
