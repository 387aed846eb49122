import type { Translate } from './i18n/index.js';
import type { Lang } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Times and lengths of time as the desk reads them: in the desk's time zone, in the console's language. */
export class Format {
  private readonly parts: Intl.DateTimeFormat;

  constructor(
    readonly timeZone: string,
    private readonly lang: Lang,
    private readonly t: Translate,
    /** Now on the server's clock. */
    readonly now: () => number,
  ) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  private split(date: Date): { year: number; month: number; day: number; hour: string; minute: string } {
    const out: Record<string, string> = {};
    for (const p of this.parts.formatToParts(date)) out[p.type] = p.value;
    const hour = out.hour ?? '00';
    return {
      year: Number(out.year),
      month: Number(out.month),
      day: Number(out.day),
      hour: hour === '24' ? '00' : hour,
      minute: out.minute ?? '00',
    };
  }

  /** A moment: "11月23日 10:21" / "23 Nov 10:21" (with the year if another). */
  time(value: string | null | undefined): string {
    if (!value) return '';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    const p = this.split(date);
    const thisYear = this.split(new Date(this.now())).year === p.year;
    const time = `${p.hour}:${p.minute}`;
    const month = MONTHS[p.month - 1] ?? '';
    if (this.lang === 'en') return thisYear ? `${p.day} ${month} ${time}` : `${p.day} ${month} ${p.year}, ${time}`;
    return thisYear ? `${p.month}月${p.day}日 ${time}` : `${p.year}年${p.month}月${p.day}日 ${time}`;
  }

  /** A length of time in its two largest units: "1小时20分" / "1 h 20 min". */
  duration(ms: number): string {
    const minutes = Math.floor(Math.abs(ms) / 60_000);
    if (minutes < 1) return this.t('lessThanMinute');
    const d = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (this.lang === 'en') {
      if (d) return hours ? `${d} d ${hours} h` : `${d} d`;
      if (hours) return m ? `${hours} h ${m} min` : `${hours} h`;
      return `${m} min`;
    }
    if (d) return hours ? `${d}天${hours}小时` : `${d}天`;
    if (hours) return m ? `${hours}小时${m}分` : `${hours}小时`;
    return `${m}分钟`;
  }

  since(value: string | null | undefined): string {
    return value ? this.duration(this.now() - Date.parse(value)) : '';
  }

  /** "2026-12-01T10:00" in the desk's time zone → "2026-12-01T10:00:00+08:00" (null if malformed). */
  zonedIso(local: string): string | null {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
    if (!match) return null;
    const [y, mo, d, hh, mm] = match.slice(1).map(Number) as [number, number, number, number, number];
    const asUtc = Date.UTC(y, mo - 1, d, hh, mm);
    const offset = this.offsetMinutes(asUtc - this.offsetMinutes(asUtc) * 60_000);
    const abs = Math.abs(offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${local}:00${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  private offsetMinutes(at: number): number {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: this.timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(at));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    if (!match) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
  }

  /** A moment as the value of a datetime-local input in the desk's time zone. */
  zonedLocal(value: string | number): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(value));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
  }
}
