import { useEffect, useState } from 'preact/hooks';
import { API, describe, isExpired } from '../api.js';
import { useDesk } from '../desk.js';
import { useRoute } from '../router.js';
import type { TextKey } from '../i18n/zh-CN.js';
import type { Lang } from '../types.js';

interface Place {
  readonly id: string;
  readonly name: string;
  readonly assets: number;
  readonly rooms: readonly { readonly id: string; readonly name: string; readonly assets: number }[];
}
interface Layout {
  readonly id: '3x8' | '2x5';
  readonly perPage: number;
  readonly columns: number;
  readonly rows: number;
  readonly label: { readonly width: number; readonly height: number };
}
interface Choices {
  readonly places: readonly Place[];
  readonly channels: readonly { readonly id: 'webchat' | 'telegram' | 'line'; readonly problem: string | null }[];
  /** The address the web chat's codes carry; not from PUBLIC_URL: this request's own. */
  readonly webchatBase: { readonly url: string; readonly fromPublicUrl: boolean };
  readonly layouts: readonly Layout[];
  readonly maxLabels: number;
}
interface Sheet {
  readonly site: string;
  readonly room: string;
  /** Hand-picked devices (#/asset-labels?ids=…, from an asset's page): these instead of a school or room. */
  readonly ids: readonly string[];
  readonly layout: Layout['id'];
  readonly channel: Choices['channels'][number]['id'];
  readonly lang: Lang;
  readonly outline: boolean;
}

const LAYOUT_WORDS: Record<Layout['id'], TextKey> = { '3x8': 'labelsLayout3x8', '2x5': 'labelsLayout2x5' };
const CHANNEL_WORDS: Record<Sheet['channel'], TextKey> = {
  webchat: 'labelsLinkWebchat',
  telegram: 'labelsLinkTelegram',
  line: 'labelsLinkLine',
};

/** The sheet's address: GET /api/console/assets/labels.pdf with the choices. */
export function labelsHref(sheet: Sheet): string {
  const params = new URLSearchParams(
    sheet.ids.length > 0 ? { ids: sheet.ids.join(',') } : sheet.room ? { room: sheet.room } : { site: sheet.site },
  );
  params.set('layout', sheet.layout);
  params.set('channel', sheet.channel);
  params.set('lang', sheet.lang);
  if (sheet.outline) params.set('outline', '1');
  return `${API}/assets/labels.pdf?${params.toString()}`;
}

/** A small drawing of an A4 sheet cut into the layout's labels (its first label filled). */
function LayoutDrawing({ layout }: { layout: Layout }) {
  const scale = 0.24;
  const top = layout.id === '3x8' ? 0.5 : 6;
  const cells = [];
  for (let r = 0; r < layout.rows; r++)
    for (let c = 0; c < layout.columns; c++)
      cells.push(
        <rect
          key={`${r}-${c}`}
          x={c * layout.label.width * scale}
          y={(top + r * layout.label.height) * scale}
          width={layout.label.width * scale}
          height={layout.label.height * scale}
          class={r === 0 && c === 0 ? 'labels-cell labels-cell-first' : 'labels-cell'}
        />,
      );
  return (
    <svg
      class="labels-drawing"
      viewBox={`0 0 ${210 * scale} ${297 * scale}`}
      width={210 * scale * 1.6}
      height={297 * scale * 1.6}
      aria-hidden="true"
    >
      <rect x={0} y={0} width={210 * scale} height={297 * scale} class="labels-page" />
      {cells}
    </svg>
  );
}

/**
 * QR labels (issue 16 item 3; every role that sees assets): a school and optionally a room, the
 * sheet's layout, what the QR codes open (the channels that are on) and the labels' language;
 * how many labels and pages that makes, and the PDF to download.
 */
export function AssetLabels() {
  const desk = useDesk();
  const { t, api } = desk;
  const [choices, setChoices] = useState<Choices | null>(null);
  const [error, setError] = useState('');
  const { query } = useRoute();
  const picked = (query.ids ?? '').split(',').filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const [sheet, setSheet] = useState<Sheet>({
    site: '',
    room: '',
    ids: picked,
    layout: '3x8',
    channel: 'webchat',
    lang: desk.lang,
    outline: false,
  });

  useEffect(() => {
    let current = true;
    api
      .get<Choices>('/assets/labels/choices')
      .then((c) => {
        if (!current) return;
        setChoices(c);
        setError('');
        setSheet((s) => (s.site || !c.places[0] ? s : { ...s, site: c.places[0].id }));
      })
      .catch((e: unknown) => {
        if (current && !isExpired(e)) setError(describe(e, t));
      });
    return () => {
      current = false;
    };
  }, [desk.tick]);

  const set = (patch: Partial<Sheet>) => setSheet({ ...sheet, ...patch });
  const place = choices?.places.find((p) => p.id === sheet.site);
  const room = place?.rooms.find((r) => r.id === sheet.room);
  const count = sheet.ids.length > 0 ? sheet.ids.length : room ? room.assets : (place?.assets ?? 0);
  const layout = choices?.layouts.find((l) => l.id === sheet.layout);
  const pages = layout ? Math.max(1, Math.ceil(count / layout.perPage)) : 0;
  const tooMany = !!choices && count > choices.maxLabels;
  const channels = (choices?.channels ?? []).filter((c) => c.problem === null);

  return (
    <section class="asset-labels-view" id="asset-labels">
      <div class="view-head">
        <h2 class="view-title">{t('labelsTitle')}</h2>
      </div>
      <p class="view-hint">{t('labelsHint')}</p>
      {error ? (
        <p class="view-error" role="alert" id="labels-error">
          {error}
        </p>
      ) : null}
      {choices && !choices.webchatBase.fromPublicUrl ? (
        <p class="form-warning" role="status" id="labels-public-url">
          {t('labelsNoPublicUrl', { url: choices.webchatBase.url })}
        </p>
      ) : null}
      {choices?.places.length === 0 ? <p class="muted">{t('labelsNoAssets')}</p> : null}
      {choices?.places.length ? (
        <form class="card labels-form" id="labels-form" onSubmit={(e) => e.preventDefault()}>
          <div class="labels-row">
            {sheet.ids.length > 0 ? (
              <p class="labels-picked" id="labels-picked">
                {t('labelsPicked', { count: sheet.ids.length })}{' '}
                <button type="button" class="button button-quiet button-small" id="labels-unpick" onClick={() => set({ ids: [] })}>
                  {t('labelsUnpick')}
                </button>
              </p>
            ) : (
              <PlacePicker choices={choices} sheet={sheet} set={set} />
            )}
            <label class="field">
              <span class="field-label">{t('labelsLang')}</span>

              <select
                class="select"
                id="labels-lang"
                value={sheet.lang}
                onChange={(e) => set({ lang: e.currentTarget.value === 'en' ? 'en' : 'zh-CN' })}
              >
                <option value="zh-CN">{t('labelsLangZh')}</option>
                <option value="en">{t('labelsLangEn')}</option>
              </select>
            </label>
          </div>
          <fieldset class="labels-choice" id="labels-layouts">
            <legend class="field-label">{t('labelsLayout')}</legend>
            {choices.layouts.map((l) => (
              <label key={l.id} class={`labels-layout${sheet.layout === l.id ? ' labels-layout-chosen' : ''}`}>
                <input
                  type="radio"
                  name="layout"
                  value={l.id}
                  id={`labels-layout-${l.id}`}
                  checked={sheet.layout === l.id}
                  onChange={() => set({ layout: l.id })}
                />
                <LayoutDrawing layout={l} />
                <span>{t(LAYOUT_WORDS[l.id])}</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="labels-choice" id="labels-channels">
            <legend class="field-label">{t('labelsLink')}</legend>
            {channels.map((c) => (
              <label key={c.id} class="labels-channel">
                <input
                  type="radio"
                  name="channel"
                  value={c.id}
                  id={`labels-channel-${c.id}`}
                  checked={sheet.channel === c.id}
                  onChange={() => set({ channel: c.id })}
                />
                <span>{t(CHANNEL_WORDS[c.id])}</span>
              </label>
            ))}
          </fieldset>
          <label class="labels-outline">
            <input
              type="checkbox"
              id="labels-outline"
              checked={sheet.outline}
              onChange={(e) => set({ outline: e.currentTarget.checked })}
            />
            <span>{t('labelsOutline')}</span>
          </label>
          <div class="labels-actions">
            <span class="labels-count" id="labels-count">
              {count === 0
                ? t('labelsNone')
                : tooMany
                  ? t('labelsTooMany', { max: choices.maxLabels })
                  : t('labelsCount', { count, pages })}
            </span>
            {count > 0 && !tooMany ? (
              <a class="button button-primary" id="labels-download" href={labelsHref(sheet)} target="_blank" rel="noopener">
                {t('labelsDownload')}
              </a>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** The school, and optionally one of its rooms, whose devices the sheet holds. */
function PlacePicker({ choices, sheet, set }: { choices: Choices; sheet: Sheet; set: (patch: Partial<Sheet>) => void }) {
  const { t } = useDesk();
  const place = choices.places.find((p) => p.id === sheet.site);
  return (
    <>
      <label class="field">
        <span class="field-label">{t('labelsSchool')}</span>
        <select class="select" id="labels-site" value={sheet.site} onChange={(e) => set({ site: e.currentTarget.value, room: '' })}>
          {choices.places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}（{p.assets}）
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span class="field-label">{t('labelsRoom')}</span>
        <select class="select" id="labels-room" value={sheet.room} onChange={(e) => set({ room: e.currentTarget.value })}>
          <option value="">{t('labelsAllRooms')}</option>
          {(place?.rooms ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}（{r.assets}）
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
