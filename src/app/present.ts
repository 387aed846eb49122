import type { ContractSet } from '../catalog/contracts.js';
import type { Desk, LabelText, Status } from '../catalog/desk.js';
import { STATUSES } from '../catalog/desk.js';
import type { Contract, Severity, WarrantyDecision } from '../domain/contract.js';
import { formatDuration } from '../domain/duration.js';
import { type Lang, type LocalText, LANGS } from '../domain/i18n.js';
import { fill } from '../domain/i18n.js';
import type { Clock, ClockKey } from '../domain/clocks.js';
import type { Assessment } from '../domain/policy.js';
import type { SlaClocks } from '../domain/sla.js';
import type { AssetRecord, TicketRecord } from '../ports/store.js';
import { liveClocks } from './ticket-clocks.js';

type Values = Record<string, string | number>;

/** Builds a text in both languages from a labels template; values may differ per language. */
export function labelText(desk: Desk, id: LabelText, values: (lang: Lang) => Values): LocalText {
  const t = desk.labels.texts[id];
  return { 'zh-CN': fill(t['zh-CN'], values('zh-CN')), en: fill(t.en, values('en')) };
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** "10月12日 14:25" / "12 Oct 14:25" in the desk's time zone. */
export function formatTime(at: Date, lang: Lang, timeZone: string): string {
  const key = `${lang}|${timeZone}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone,
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(key, f);
  }
  return f.format(at);
}

export function deviceLabel(desk: Desk, kind: string): LocalText {
  // An asset's kind is stored text: one the labels do not know (an older or hand-entered kind) shows as it is.
  const devices: Partial<Record<string, LocalText>> = desk.labels.devices;
  return devices[kind] ?? { 'zh-CN': kind, en: kind };
}

function statusLabel(desk: Desk, status: string): LocalText {
  return (STATUSES as readonly string[]).includes(status) ? desk.labels.statuses[status as Status] : { 'zh-CN': status, en: status };
}

/** An asset as the flows hold it: what templates and later actions need. */
export function assetSummary(desk: Desk, asset: AssetRecord) {
  const kind = deviceLabel(desk, asset.kind);
  const place = [asset.site.label, asset.room?.label].filter(Boolean).join(' ');
  return {
    id: asset.id,
    tag: asset.tag,
    kind: asset.kind,
    label: { 'zh-CN': `${kind['zh-CN']} ${asset.tag}`, en: `${kind.en} ${asset.tag}` },
    site: asset.site,
    room: asset.room,
    place,
  };
}

/** "C级，在保，免费维修" — the first assessment shown before the teacher confirms. */
export function triageSummary(desk: Desk, severity: Severity, warranty: WarrantyDecision): LocalText {
  return labelText(desk, 'triage_summary', (lang) => ({ severity, warranty: desk.labels.warranty[warranty][lang] }));
}

/**
 * What the service levels promise, in one line: "15分钟内响应（10月12日 14:25 前）；…". `responseFrom`:
 * nobody is at work to keep the response promise (outside the agents' hours, nobody on duty), so the
 * response is promised when the agents start.
 */
export function promisesText(desk: Desk, sla: SlaClocks, responseFrom: Date | null = null): LocalText {
  const tz = desk.desk.timeZone;
  const out = {} as LocalText;
  for (const lang of LANGS) {
    const promise = (id: LabelText, ms: number | null, due: Date | null) =>
      ms !== null && due ? fill(desk.labels.texts[id][lang], { duration: formatDuration(ms, lang), due: formatTime(due, lang, tz) }) : null;
    out[lang] = [
      responseFrom
        ? fill(desk.labels.texts.promise_response_later[lang], { due: formatTime(responseFrom, lang, tz) })
        : promise('promise_response', sla.promised.response, sla.responseDueAt),
      promise('promise_on_site', sla.promised.onSite, sla.onSiteDueAt),
      promise('promise_repair', sla.promised.repair, sla.repairDueAt),
      promise('promise_loaner', sla.promised.loaner, sla.loanerDueAt),
    ]
      .filter((p): p is string => p !== null)
      .join(lang === 'en' ? '; ' : '；');
  }
  return out;
}

/** The ticket's promises: severity, warranty with the clause it rests on, and the clocks (see promisesText for `responseFrom`). */
export function ticketSummary(desk: Desk, contract: Contract, a: Assessment, responseFrom: Date | null = null): LocalText {
  // Reasons run severity, warranty…, service level: the first warranty reason, else (none given) the severity's.
  const warrantyReason = a.reasons[1] ?? a.reasons[0];
  if (!warrantyReason) throw new Error('An assessment always gives the reason for its severity, so it has at least one reason.');
  const promises = promisesText(desk, a.sla, responseFrom);
  const out = {} as LocalText;
  for (const lang of LANGS) {
    const level = `${contract.severity.levels[a.severity].name[lang]}${lang === 'en' ? ' — ' : '——'}${a.severityWhy[lang]}`;
    let text = fill(desk.labels.texts.ticket_summary[lang], {
      severity: level,
      warranty: desk.labels.warranty[a.warranty][lang],
      reason: warrantyReason.text[lang],
      contract: warrantyReason.contract,
      clause: warrantyReason.clause,
      promises: promises[lang],
    });
    if (a.price) text += `\n${fill(desk.labels.texts.price[lang], { amount: a.price.amount, currency: a.price.currency })}`;
    out[lang] = text;
  }
  return out;
}

const CLOCK_LINE: Readonly<Record<ClockKey, LabelText>> = {
  response: 'clock_response',
  onSite: 'clock_on_site',
  repair: 'clock_repair',
  loaner: 'clock_loaner',
};

/** A clock's state in words: time left, overdue by, done (in time or late), not needed, paused, a loaner not owed yet. */
function clockState(desk: Desk, lang: Lang, clock: Clock, now: Date, open: boolean): string {
  const tz = desk.desk.timeZone;
  const t = desk.labels.texts;
  const time = (at: Date) => formatTime(at, lang, tz);
  const minutes = (ms: number) => formatDuration(Math.max(60_000, Math.ceil(ms / 60_000) * 60_000), lang);
  const due = clock.dueAt;
  switch (clock.state) {
    case 'met':
      return fill(t.clock_done[lang], { at: time(clock.stoppedAt ?? now) });
    case 'not_needed':
      // A loaner not owed yet on an open ticket says from when it would be; otherwise it is not needed.
      return clock.key === 'loaner' && open && clock.startsAt.getTime() > now.getTime()
        ? fill(t.clock_loaner_pending[lang], { from: time(clock.startsAt) })
        : t.clock_not_needed[lang];
    case 'paused':
      return t.clock_paused[lang];
    case 'breached':
      if (clock.stoppedAt && due) return fill(t.clock_done_late[lang], { at: time(clock.stoppedAt), due: time(due) });
      return fill(t.clock_overdue[lang], { late: minutes(now.getTime() - (due ?? now).getTime()), due: due ? time(due) : '' });
    case 'running':
      return fill(t.clock_left[lang], { left: minutes((due ?? now).getTime() - now.getTime()), due: due ? time(due) : '' });
  }
}

/** The ticket's clocks for its reporter, one line each (none when its contract is no longer loaded). */
export function clockLines(desk: Desk, contracts: ContractSet, t: TicketRecord, now: Date, lang: Lang): string[] {
  const open = t.status !== 'resolved' && t.status !== 'closed';
  return liveClocks(contracts, t, now).map((c) =>
    fill(desk.labels.texts[CLOCK_LINE[c.key]][lang], { state: clockState(desk, lang, c, now, open) }),
  );
}

function whatOf(desk: Desk, t: TicketRecord, lang: Lang): string {
  return t.asset ? `${deviceLabel(desk, t.asset.kind)[lang]} ${t.asset.tag}` : desk.labels.texts.unknown_device[lang];
}

/** A severity as the ticket's contract names it: "B级（严重）" / "B (major)"; the bare level if the contract is gone. */
export function severityName(contracts: ContractSet, contractId: string, severity: Severity): LocalText {
  return contracts.get(contractId)?.severity.levels[severity].name ?? { 'zh-CN': severity, en: severity };
}

/** One line of "my tickets". */
export function ticketLine(desk: Desk, contracts: ContractSet, t: TicketRecord): LocalText {
  return labelText(desk, 'ticket_line', (lang) => ({
    number: t.number,
    status: statusLabel(desk, t.status)[lang],
    severity: severityName(contracts, t.contractId, t.severity)[lang],
    what: whatOf(desk, t, lang),
  }));
}

/** A ticket in full for its reporter: status, severity, clocks (time left or overdue) and engineer. */
export function ticketDetail(desk: Desk, contracts: ContractSet, t: TicketRecord, now: Date): LocalText {
  const tz = desk.desk.timeZone;
  const labels = desk.labels.texts;
  return labelText(desk, 'ticket_detail', (lang) => {
    const clocks = clockLines(desk, contracts, t, now, lang);
    const engineer = t.engineerName
      ? t.appointmentAt
        ? fill(labels.engineer_with_time[lang], { name: t.engineerName, at: formatTime(t.appointmentAt, lang, tz) })
        : t.engineerName
      : labels.no_engineer[lang];
    return {
      number: t.number,
      status: statusLabel(desk, t.status)[lang],
      severity: severityName(contracts, t.contractId, t.severity)[lang],
      what: whatOf(desk, t, lang),
      place: t.place ?? labels.unknown_place[lang],
      description: t.description,
      reported: formatTime(t.reportedAt, lang, tz),
      warranty: desk.labels.warranty[t.warranty][lang],
      clocks: clocks.join('\n'),
      engineer,
    };
  });
}
