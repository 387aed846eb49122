import type { Lang } from '../domain/i18n.js';
import type { Json } from './schema.js';

const PLACEHOLDER = /\{([a-z][a-z0-9_]*(?:\.[a-zA-Z0-9_]+)*)\}/g;
const WHOLE = /^\{([a-z][a-z0-9_]*(?:\.[a-zA-Z0-9_]+)*)\}$/;

/** The slot paths a template refers to. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

export function rootOf(path: string): string {
  return path.split('.', 1)[0] ?? path;
}

/** Follows a dotted path into the frame's values. */
export function resolvePath(vars: Readonly<Record<string, Json>>, path: string): Json | undefined {
  let value: Json | undefined = vars[rootOf(path)];
  for (const key of path.split('.').slice(1)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isLocalText(value: Json | undefined): value is { 'zh-CN': string; en: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value['zh-CN'] === 'string' &&
    typeof value.en === 'string'
  );
}

/** Shows a value in a reply: texts in both languages pick the user's, lists become lines. */
export function display(value: Json | undefined, lang: Lang): string {
  if (value === undefined || value === null) return '';
  if (isLocalText(value)) return value[lang];
  if (Array.isArray(value)) return value.map((v) => display(v, lang)).join('\n');
  if (typeof value === 'object') {
    if ('label' in value) return display(value.label, lang);
    return JSON.stringify(value);
  }
  return String(value);
}

/** Fills `{slot.path}` placeholders from the frame's values in the user's language. */
export function renderTemplate(template: string, vars: Readonly<Record<string, Json>>, lang: Lang): string {
  return template.replace(PLACEHOLDER, (_, path: string) => display(resolvePath(vars, path), lang));
}

/** An argument: "{slot.path}" alone passes the raw value; any other string is a template. */
export function evaluateArg(arg: string | number | boolean | null, vars: Readonly<Record<string, Json>>, lang: Lang): Json {
  if (typeof arg !== 'string') return arg;
  const whole = WHOLE.exec(arg);
  if (whole) return resolvePath(vars, whole[1] ?? '') ?? null;
  return renderTemplate(arg, vars, lang);
}
