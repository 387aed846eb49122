import { containsWord, fold, isLatin, size, squash } from './normalise.js';

const HAN = /\p{Script=Han}/u;

/**
 * `needle` in `hay`, both folded; a name with Chinese in it also regardless of spaces ("初1 3班" in
 * "初13班"). `unnegated`: not right after a negation ("没有公开课" holds no "公开课").
 */
function holds(hay: string, needle: string, unnegated = false): boolean {
  return containsWord(hay, needle, unnegated) || (HAN.test(needle) && containsWord(squash(hay), squash(needle), unnegated));
}

/**
 * What a typed text may name: its names (labels, aliases, option words) and the phrases of the
 * meanings it stands for (yes, no, unknown…: flows/answers.yaml).
 */
export interface Names {
  readonly names: readonly string[];
  readonly phrases?: readonly string[];
}

export type Match<T> = { readonly kind: 'one'; readonly item: T } | { readonly kind: 'many'; readonly items: readonly T[] } | { readonly kind: 'none' };

export interface MatchOptions {
  /**
   * Whether a name found inside a longer text picks its item ("那台一体机吧" → 一体机). Off where a
   * question also takes free text (a description, a tag), whose words would otherwise pick options.
   * Meaning phrases are always looked for inside the text ("我不知道" → unknown).
   */
  readonly namesWithin: boolean;
}

const NONE = { kind: 'none' } as const;

function settle<T>(items: readonly T[]): Match<T> {
  const unique = [...new Set(items)];
  if (unique.length === 0) return NONE;
  if (unique.length === 1 && unique[0] !== undefined) return { kind: 'one', item: unique[0] };
  return { kind: 'many', items: unique };
}

/** A text short enough to be a distinctive part of a name: two characters, three for Latin letters. */
function distinctive(folded: string): boolean {
  return size(folded) >= (isLatin(folded) ? 3 : 2);
}

/**
 * Finds the item a typed text names, never guessing between several:
 * 1. the whole text is one of its names or phrases (normalised: width, case, punctuation, spaces,
 *    Chinese numerals as digits);
 * 2. the text holds a name or phrase: the item with the longest one ("不能用" beats "能用");
 * 3. the text is a part of names of one item only ("二班" → 三年级二班).
 * Several items equally good: `many`, so the question is asked again.
 */
export function matchText<T>(typed: string, items: readonly T[], namesOf: (item: T) => Names, options: MatchOptions): Match<T> {
  const text = fold(typed);
  if (text === '') return NONE;
  const forms = items.map((item) => {
    const n = namesOf(item);
    return { item, names: n.names.map(fold).filter(Boolean), phrases: (n.phrases ?? []).map(fold).filter(Boolean) };
  });

  const exact = forms.filter((f) => [...f.names, ...f.phrases].some((w) => w === text || squash(w) === squash(text)));
  if (exact.length > 0) return settle(exact.map((f) => f.item));

  let best = 0;
  let within: T[] = [];
  for (const f of forms) {
    const candidates = options.namesWithin ? [...f.names, ...f.phrases] : f.phrases;
    const longest = Math.max(0, ...candidates.filter((w) => distinctive(w) && holds(text, w, true)).map(size));
    if (longest === 0) continue;
    if (longest > best) [best, within] = [longest, [f.item]];
    else if (longest === best) within.push(f.item);
  }
  if (within.length > 0) return settle(within);

  if (!distinctive(text)) return NONE;
  return settle(forms.filter((f) => f.names.some((w) => holds(w, text))).map((f) => f.item));
}

/** An option's number as typed: "2", "第二个", "2号", "#2", "No. 2". */
export function typedNumber(typed: string): number | undefined {
  const text = squash(fold(typed));
  const m = /^(?:第|no|#)?(\d{1,2})(?:个|项|号|st|nd|rd|th)?$/.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}
