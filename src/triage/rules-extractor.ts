import type { Accessory, Cause, Device, PartialFacts, Scope, Symptom } from '../domain/facts.js';
import type { Lang } from '../domain/i18n.js';
import type { Evidence, ExtractHints, Extraction, FactExtractor } from './extractor.js';
import type { Lexicon, LexiconSet } from './lexicon.js';
import { bestMatch, type CompiledLexicon, compileLexicon, factMatches, maskIgnored } from './matcher.js';
import { detectLanguage, normalise } from './normalise.js';

/**
 * The free-text triage without an LLM: word lists (flows/lexicon) → facts. Pure and deterministic:
 * the lexicons are compiled once (each at its first text); no I/O. Facts the text does not tell are left out, so that
 * completeFacts() applies the defaults and the asset's kind.
 */
export class RulesExtractor implements FactExtractor {
  private readonly lexicons = new Map<Lang, Lexicon>();
  private readonly compiled = new Map<Lang, CompiledLexicon>();

  constructor(lexicons: LexiconSet | readonly Lexicon[]) {
    for (const lexicon of lexicons.values()) this.lexicons.set(lexicon.lang, lexicon);
  }

  /** The languages this extractor has word lists for. */
  get langs(): Lang[] {
    return [...this.lexicons.keys()];
  }

  /**
   * A language's lexicon, compiled at its first text: compiling both took ~0.85 s of CPU, which
   * every start spent before it was ready (and a desk that hears one language never needs the other).
   */
  private lexicon(lang: Lang): CompiledLexicon | undefined {
    let compiled = this.compiled.get(lang);
    if (!compiled) {
      const lexicon = this.lexicons.get(lang);
      if (!lexicon) return undefined;
      compiled = compileLexicon(lexicon);
      this.compiled.set(lang, compiled);
    }
    return compiled;
  }

  async extract(text: string, hints: ExtractHints = {}): Promise<Extraction> {
    return this.extractSync(text, hints);
  }

  extractSync(text: string, hints: ExtractHints = {}): Extraction {
    const lang = hints.lang ?? detectLanguage(text);
    const lexicon = this.lexicon(lang);
    if (!lexicon) return { facts: {}, evidence: [], lang };
    const normal = maskIgnored(normalise(text, lang), lexicon);
    const facts: PartialFacts = {};
    const evidence: Evidence[] = [];
    const pick = (fact: Parameters<typeof factMatches>[1]) => bestMatch(factMatches(normal, fact, lexicon));

    const accessory = pick('accessory');
    if (accessory) {
      facts.accessory = accessory.value as Accessory;
      facts.device = 'accessory';
      evidence.push({ fact: 'accessory', value: accessory.value, matched: accessory.text });
      evidence.push({ fact: 'device', value: 'accessory', matched: accessory.text });
    } else {
      const device = pick('device');
      if (device) {
        const meant = hints.assetKind && device.alsoMeans.includes(hints.assetKind) ? hints.assetKind : (device.value as Device);
        facts.device = meant;
        evidence.push({ fact: 'device', value: meant, matched: device.text });
      }
    }

    const symptom = pick('symptom');
    if (symptom) {
      facts.symptom = symptom.value as Symptom;
      evidence.push({ fact: 'symptom', value: symptom.value, matched: symptom.text });
    }
    const cause = pick('cause');
    if (cause) {
      facts.cause = cause.value as Cause;
      evidence.push({ fact: 'cause', value: cause.value, matched: cause.text });
    }
    const scope = pick('scope');
    if (scope) {
      facts.scope = scope.value as Scope;
      evidence.push({ fact: 'scope', value: scope.value, matched: scope.text });
    }
    for (const fact of ['usable', 'majorEvent'] as const) {
      const m = pick(fact);
      if (m && typeof m.value === 'boolean') {
        facts[fact] = m.value;
        evidence.push({ fact, value: m.value, matched: m.text });
      }
    }
    return { facts, evidence, lang };
  }
}
