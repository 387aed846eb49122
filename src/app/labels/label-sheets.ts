import type { Desk } from '../../catalog/desk.js';
import type { Lang } from '../../domain/i18n.js';
import type { LabelContent } from '../../domain/labels/label-face.js';
import { LABEL_LAYOUTS, type LabelLayoutId, pagesFor } from '../../domain/labels/layouts.js';
import { type LabelChannel, labelChannelProblem, type LabelLinkSettings, labelLink, tagFitsChannel } from '../../domain/labels/links.js';
import type { LabelAsset, LabelRegister } from '../../ports/asset-register.js';
import { deviceLabel } from '../present.js';
import type { LabelSheetWriter } from './sheet.js';

/** The most labels one sheet (one PDF) holds. */
export const MAX_LABELS_PER_SHEET = 2000;

/** What a label sheet is asked for. */
export interface LabelSheetRequest {
  readonly siteId?: string;
  readonly roomId?: string;
  readonly ids?: readonly string[];
  readonly layout: LabelLayoutId;
  readonly channel: LabelChannel;
  readonly lang: Lang;
  readonly outline: boolean;
}

/** A sheet, or why there is none (the HTTP layer turns `status` into the answer). */
export type LabelSheetResult =
  | { readonly ok: true; readonly pdf: Buffer; readonly fileName: string; readonly labels: number; readonly pages: number }
  | { readonly ok: false; readonly status: 400 | 404; readonly error: string; readonly message: string };

/** The words of each label, in the sheet's language, with the link its QR code carries. */
export function labelContents(
  desk: Desk,
  assets: readonly LabelAsset[],
  links: LabelLinkSettings,
  channel: LabelChannel,
  lang: Lang,
): LabelContent[] {
  return assets.map((a) => ({
    tag: a.tag,
    school: a.site.name,
    room: a.room?.name ?? null,
    kind: deviceLabel(desk, a.kind)[lang],
    link: labelLink(links, channel, a.tag),
  }));
}

/** The file's name: the school's (or "several schools"), the room's when one, and the layout. */
export function labelFileName(assets: readonly LabelAsset[], request: LabelSheetRequest): string {
  const schools = new Set(assets.map((a) => a.site.name));
  const rooms = new Set(assets.map((a) => a.room?.name ?? ''));
  const word = request.lang === 'zh-CN' ? { labels: '设备标签', several: '多所学校' } : { labels: 'labels', several: 'several-schools' };
  const [only] = schools;
  const place = schools.size === 1 && only !== undefined ? only : word.several;
  const [room0] = rooms;
  const room = schools.size === 1 && rooms.size === 1 && request.roomId && room0 ? ` ${room0}` : '';
  return `${place}${room} ${word.labels} ${request.layout}.pdf`.replace(/[\\/:*?"<>|]/g, '_');
}

/** Reads the assets asked for and writes their sheet. */
export async function labelSheet(
  register: LabelRegister,
  desk: Desk,
  links: LabelLinkSettings,
  writer: LabelSheetWriter,
  request: LabelSheetRequest,
): Promise<LabelSheetResult> {
  const off = labelChannelProblem(links, request.channel);
  if (off) return { ok: false, status: 400, error: 'channel_off', message: `channel=${request.channel}: ${off}` };
  const assets = await register.labelAssets(request, MAX_LABELS_PER_SHEET + 1);
  if (assets.length > MAX_LABELS_PER_SHEET)
    return {
      ok: false,
      status: 400,
      error: 'too_many_labels',
      message: `more than ${MAX_LABELS_PER_SHEET} labels: choose a room, or fewer assets, per sheet`,
    };
  if (assets.length === 0)
    return { ok: false, status: 404, error: 'no_assets', message: 'no active (not retired) assets match the school, room or ids given' };
  const unfit = assets.filter((a) => !tagFitsChannel(request.channel, a.tag)).map((a) => a.tag);
  if (unfit.length > 0)
    return {
      ok: false,
      status: 400,
      error: 'tag_not_linkable',
      message: `a Telegram start link carries only A–Z a–z 0–9 _ - (at most 64): ${unfit.slice(0, 10).join(', ')}; print these for web chat`,
    };
  const layout = LABEL_LAYOUTS[request.layout];
  const contents = labelContents(desk, assets, links, request.channel, request.lang);
  const fileName = labelFileName(assets, request);
  const pdf = await writer.write(layout, contents, { outline: request.outline, title: fileName.replace(/\.pdf$/, '') });
  return { ok: true, pdf, fileName, labels: assets.length, pages: pagesFor(layout, assets.length) };
}
