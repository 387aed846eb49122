import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses "15m", "2h", "7d" (or a combination such as "1h30m") into milliseconds. */
function parseDuration(text: string): number | null {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (!match || text.trim() === '') return null;
  const [, d, h, m] = match;
  return Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m;
}

/** A duration written as "15m", "2h" or "7d" in data files, held as milliseconds. */
export const Duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 15m, 2h or 7d` });
    return z.NEVER;
  }
  return ms;
});

/** "2 h", "15 min", "7 days" style rendering used in replies (zh-CN and en). */
export function formatDuration(ms: number, lang: 'zh-CN' | 'en'): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) {
    const days = minutes / 1440;
    return lang === 'en' ? `${days} day${days === 1 ? '' : 's'}` : `${days}天`;
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return lang === 'en' ? `${hours} h` : `${hours}小时`;
  }
  if (minutes > 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return lang === 'en' ? `${hours} h ${rest} min` : `${hours}小时${rest}分钟`;
  }
  return lang === 'en' ? `${minutes} min` : `${minutes}分钟`;
}
