import { localText, type Translate } from './i18n/index.js';
import type { ConsoleMeta, Lang, LocalText, ReportField, Status } from './types.js';

const REPORT_KEYS: Readonly<Record<ReportField, 'problemType' | 'reportCause' | 'solution' | 'lossAssessment'>> = {
  problemType: 'problemType',
  cause: 'reportCause',
  solution: 'solution',
  lossAssessment: 'lossAssessment',
};

/** The names of the server's codes (statuses, severities, warranty decisions, facts), from its meta. */
export class Labels {
  constructor(
    private readonly meta: ConsoleMeta,
    private readonly lang: Lang,
    private readonly t: Translate,
  ) {}

  /** A replaced part by the contract's name for it, or as it was typed. */
  part(contractId: string, part: string): string {
    const named = this.meta.replacedParts[contractId]?.find((p) => p.id === part);
    return named ? this.local(named.name) : part;
  }

  local(text: LocalText | string | null | undefined): string {
    return localText(text, this.lang);
  }

  status(id: string): string {
    const found = this.meta.statuses.find((s) => s.id === id);
    return found ? this.local(found.label) : id;
  }

  warranty(id: string): string {
    return this.local(this.meta.warranty[id]) || id;
  }

  device(kind: string): string {
    return this.local(this.meta.devices[kind]) || kind;
  }

  contract(id: string): string {
    const found = this.meta.contracts.find((c) => c.id === id);
    return found ? this.local(found.name) : id;
  }

  /**
   * A severity's one name everywhere ("B级（严重）" / "B (serious)"): the contract's, or the first
   * contract's that names it when the contract is not known (filters span contracts).
   */
  severity(level: string, contractId?: string): string {
    const byContract = this.meta.severities.find((s) => s.id === level)?.byContract ?? {};
    const name = (contractId ? byContract[contractId]?.name : undefined) ?? Object.values(byContract)[0]?.name;
    return name ? this.local(name) : level;
  }

  /** A fact's name ("现象" / "Symptom"). */
  factName(key: string): string {
    return this.local(this.meta.facts.find((f) => f.key === key)?.label) || key;
  }

  /** A fact's value in words: a code's label, yes or no. */
  fact(key: string, value: unknown): string {
    if (value === true || value === false) {
      if (key === 'usable') return value ? this.t('usableYes') : this.t('usableNo');
      return this.local(this.meta.factValues.boolean[value ? 'true' : 'false']) || String(value);
    }
    const values: Readonly<Record<string, Readonly<Record<string, LocalText>>>> = this.meta.factValues;
    const label = values[key]?.[String(value)];
    return label ? this.local(label) : String(value);
  }

  reportField(field: ReportField): string {
    return this.t(REPORT_KEYS[field]);
  }

  role(role: string): string {
    return role === 'agent' || role === 'engineer' || role === 'coordinator' || role === 'supervisor' || role === 'admin'
      ? this.t(`role_${role}`)
      : role;
  }

  language(lang: string): string {
    return lang === 'en' ? this.t('lang_en') : this.t('lang_zh');
  }

  /** Where a ticket may go from a status, by the server's rules. */
  transitions(from: Status): readonly Status[] {
    return this.meta.transitions[from];
  }
}
