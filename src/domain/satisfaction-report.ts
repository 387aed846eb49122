import { type LocalDate, localDateOf, startOfLocalDate } from './calendar.js';

/**
 * The arithmetic of the yearly satisfaction analysis and the half-year feedback summary
 * (CG-CULTURE 4.5.4, GX-EDU 5.12.1), without I/O: the period's bounds in the contract's zone, and
 * the figures of a set of surveys (response rate, mean, distribution, satisfied and dissatisfied).
 */

/** 1: January–June, 2: July–December; null: the whole year. */
export type Half = 1 | 2;

export interface ReportPeriod {
  readonly year: number;
  readonly half: Half | null;
  /** Its first instant, and the first instant after it, in the contract's zone. */
  readonly from: Date;
  readonly to: Date;
  /** The quarters it covers (1–4), in order. */
  readonly quarters: readonly number[];
}

const firstOf = (year: number, month: number): LocalDate => ({ year, month, day: 1 });

/** The year (or its half) in the contract's zone: 2026 H2 in Shanghai runs from 2026-06-30T16:00Z to 2026-12-31T16:00Z. */
export function reportPeriod(year: number, half: Half | null, timeZone: string): ReportPeriod {
  const startMonth = half === 2 ? 7 : 1;
  const end = half === 1 ? firstOf(year, 7) : firstOf(year + 1, 1);
  return {
    year,
    half,
    from: startOfLocalDate(firstOf(year, startMonth), timeZone),
    to: startOfLocalDate(end, timeZone),
    quarters: half === 1 ? [1, 2] : half === 2 ? [3, 4] : [1, 2, 3, 4],
  };
}

/** Whether an instant falls in the period. */
export function inPeriod(period: Pick<ReportPeriod, 'from' | 'to'>, at: Date): boolean {
  return at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/** The quarter (1–4) of an instant in the contract's zone. */
export function quarterOf(at: Date, timeZone: string): number {
  return Math.floor((localDateOf(at, timeZone).month - 1) / 3) + 1;
}

/** What the figures are computed from: a survey as asked, answered (or not) and when it lapses. */
export interface Answered {
  readonly answeredAt: Date | null;
  readonly expiresAt: Date;
  readonly score: number | null;
}

export interface SurveyStats {
  /** Surveys asked in the period. */
  readonly asked: number;
  readonly answered: number;
  /** Asked, never answered, and past their 7 days at `now`. */
  readonly expired: number;
  /** Asked, not answered, still open at `now`. */
  readonly open: number;
  /** answered / asked (expired and open ones counted as unanswered); null when none was asked. */
  readonly responseRate: number | null;
  /** The mean score of the answers; null without answers. */
  readonly mean: number | null;
  /** How many answers gave each score: [1, 2, 3, 4, 5]. */
  readonly distribution: readonly [number, number, number, number, number];
  /** Share of the answers at 4–5, and at 1–2; null without answers. */
  readonly satisfied: number | null;
  readonly dissatisfied: number | null;
}

/** The figures of a set of asked surveys at `now`. */
export function surveyStats(surveys: readonly Answered[], now: Date): SurveyStats {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let answered = 0;
  let expired = 0;
  let sum = 0;
  for (const s of surveys) {
    if (s.answeredAt && s.score !== null && s.score >= 1 && s.score <= 5) {
      answered += 1;
      sum += s.score;
      distribution[s.score - 1] = (distribution[s.score - 1] ?? 0) + 1;
    } else if (now.getTime() >= s.expiresAt.getTime()) expired += 1;
  }
  const asked = surveys.length;
  const share = (n: number) => (answered ? n / answered : null);
  return {
    asked,
    answered,
    expired,
    open: asked - answered - expired,
    responseRate: asked ? answered / asked : null,
    mean: answered ? sum / answered : null,
    distribution,
    satisfied: share(distribution[3] + distribution[4]),
    dissatisfied: share(distribution[0] + distribution[1]),
  };
}

/** A low score (1–2): followed up. */
export const isLowScore = (score: number | null): boolean => score !== null && score <= 2;
