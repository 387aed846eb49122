import { type Device, FACT_KEYS, type FactKey } from '../domain/facts.js';
import type { Lang } from '../domain/i18n.js';
import { type Lexicon, PATTERN_FLAGS } from './lexicon.js';
import { CLAUSE_BREAK, normalise } from './normalise.js';

/** One place in the text where a rule matched. */
export interface Match {
  readonly fact: FactKey;
  readonly value: string | boolean;
  readonly priority: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly alsoMeans: readonly Device[];
}

interface CompiledRule {
  readonly value: string | boolean;
  readonly priority: number;
  readonly negatable: boolean;
  readonly alsoMeans: readonly Device[];
  readonly regexes: readonly RegExp[];
}

/** A lexicon turned into regular expressions once, to be run on many texts. */
export interface CompiledLexicon {
  readonly lang: Lang;
  readonly rules: ReadonlyMap<FactKey, readonly CompiledRule[]>;
  readonly ignore: readonly RegExp[];
  readonly cues: RegExp | null;
  readonly breaks: RegExp | null;
  readonly window: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LETTER = /[\p{L}\p{N}]/u;

/**
 * A word as a regular expression. zh-CN words match anywhere; en words match whole words (a plural
 * "s"/"es" allowed) and an apostrophe in them is optional, as phone typing drops it ("wont").
 */
function wordSource(word: string, lang: Lang): string {
  const w = normalise(word, lang);
  if (lang === 'zh-CN') return escape(w);
  let body = escape(w).replace(/'/g, "'?");
  const first = w.at(0) ?? '';
  const last = w.at(-1) ?? '';
  if (/\p{L}/u.test(last)) body += '(?:s|es)?';
  const before = LETTER.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = LETTER.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return `${before}${body}${after}`;
}

function wordsRegex(words: readonly string[], lang: Lang): RegExp | null {
  if (words.length === 0) return null;
  const sources = [...new Set(words.map((w) => wordSource(w, lang)))].sort((a, b) => b.length - a.length);
  return new RegExp(sources.join('|'), PATTERN_FLAGS);
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const lang = lexicon.lang;
  const rules = new Map<FactKey, CompiledRule[]>();
  for (const fact of FACT_KEYS) {
    rules.set(
      fact,
      lexicon.facts[fact].map((r) => ({
        value: r.value,
        priority: r.priority,
        negatable: r.negatable,
        alsoMeans: r.alsoMeans,
        regexes: [wordsRegex(r.words, lang), ...r.patterns.map((p) => new RegExp(p, PATTERN_FLAGS))].filter((x) => x !== null),
      })),
    );
  }
  return {
    lang,
    rules,
    ignore: [wordsRegex(lexicon.ignore.words, lang), ...lexicon.ignore.patterns.map((p) => new RegExp(p, PATTERN_FLAGS))].filter(
      (x) => x !== null,
    ),
    cues: wordsRegex(lexicon.negation.cues, lang),
    breaks: wordsRegex(lexicon.negation.breaks, lang),
    window: lexicon.negation.window,
  };
}

/** Blanks the phrases the lexicon says to ignore; offsets stay the same. */
export function maskIgnored(text: string, lexicon: CompiledLexicon): string {
  let out = text;
  for (const re of lexicon.ignore) {
    out = out.replace(re, (m) => '|'.repeat(m.length));
  }
  return out;
}

/** Whether a negation cue reaches the match that starts at `start`. */
function negated(text: string, start: number, lexicon: CompiledLexicon): boolean {
  if (!lexicon.cues) return false;
  let from = 0;
  for (let i = start - 1; i >= 0; i--) {
    if (CLAUSE_BREAK.test(text.charAt(i))) {
      from = i + 1;
      break;
    }
  }
  let clause = text.slice(from, start);
  if (lexicon.breaks) {
    const ends = [...clause.matchAll(lexicon.breaks)].map((m) => m.index + m[0].length);
    if (ends.length > 0) clause = clause.slice(Math.max(...ends));
  }
  for (const cue of clause.matchAll(lexicon.cues)) {
    const gap = clause.slice(cue.index + cue[0].length);
    const distance = lexicon.lang === 'zh-CN' ? gap.length : gap.split(' ').filter(Boolean).length;
    if (distance <= lexicon.window) return true;
  }
  return false;
}

/** Every match of every rule of a fact, after dropping negated ones and ones inside a longer match. */
export function factMatches(text: string, fact: FactKey, lexicon: CompiledLexicon): Match[] {
  const found: (Match & { negatable: boolean })[] = [];
  for (const rule of lexicon.rules.get(fact) ?? []) {
    for (const re of rule.regexes) {
      for (const m of text.matchAll(re)) {
        if (m[0].length === 0) continue;
        const start = m.index;
        found.push({
          fact,
          value: rule.value,
          priority: rule.priority,
          start,
          end: start + m[0].length,
          text: m[0],
          alsoMeans: rule.alsoMeans,
          negatable: rule.negatable,
        });
      }
    }
  }
  const inside = (a: Match, b: Match) => b.start <= a.start && a.end <= b.end && b.end - b.start > a.end - a.start;
  return found
    .filter((m) => !found.some((other) => inside(m, other)))
    .filter((m) => !(m.negatable && negated(text, m.start, lexicon)))
    .map(({ negatable: _, ...m }) => m);
}

/** The match that decides a fact: highest priority, then the earliest (what is said first), then the longest. */
export function bestMatch(matches: readonly Match[]): Match | undefined {
  let best: Match | undefined;
  for (const m of matches) {
    if (
      !best ||
      m.priority > best.priority ||
      (m.priority === best.priority && (m.start < best.start || (m.start === best.start && m.end > best.end)))
    ) {
      best = m;
    }
  }
  return best;
}
