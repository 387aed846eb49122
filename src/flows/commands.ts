import type { Lang } from '../domain/i18n.js';
import type { FlowInput } from './input.js';
import { COMMANDS, type CommandName, type SettingsFile } from './schema.js';

export const COMMAND_CHOICE_PREFIX = 'cmd:';

/** Normalises typed words for matching: width, case, surrounding spaces and punctuation. */
export function normaliseWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/**
 * Recognises a global command: a command button, a slash command (with an optional argument,
 * `/lang en`), or a message that is exactly one of the command's words in either language.
 */
export function matchCommand(input: FlowInput, settings: SettingsFile): { command: CommandName; arg?: string } | null {
  if (input.kind === 'command') return input.arg === undefined ? { command: input.command } : { command: input.command, arg: input.arg };
  if (input.kind === 'choice') {
    if (!input.id.startsWith(COMMAND_CHOICE_PREFIX)) return null;
    const [name, arg] = input.id.slice(COMMAND_CHOICE_PREFIX.length).split(':');
    const command = COMMANDS.find((c) => c === name);
    if (!command) return null;
    return arg === undefined ? { command } : { command, arg };
  }
  if (input.kind !== 'text') return null;
  const raw = input.text.trim();
  if (raw.startsWith('/')) {
    const [slash, ...rest] = raw.split(/\s+/);
    const word = slash!.toLowerCase().replace(/@\w+$/, '');
    const command = COMMANDS.find((c) => settings.commands[c].slash.includes(word));
    if (!command) return null;
    const arg = rest.join(' ').trim();
    return arg ? { command, arg } : { command };
  }
  const words = normaliseWords(raw);
  if (!words) return null;
  for (const command of COMMANDS) {
    const spec = settings.commands[command];
    if (![...spec.words['zh-CN'], ...spec.words.en].some((w) => normaliseWords(w) === words)) continue;
    const arg = command === 'language' ? languageArg(words) : undefined;
    return arg ? { command, arg } : { command };
  }
  return null;
}

function languageArg(words: string): string | undefined {
  return /english|英文|英语/.test(words) ? 'en' : /中文|chinese|汉语|简体/.test(words) ? 'zh-CN' : undefined;
}

/** Which language a language command asks for: named explicitly, or the other one. */
export function targetLanguage(arg: string | undefined, current: Lang): Lang {
  const a = (arg ?? '').toLowerCase();
  if (/^(en|english|英文|英语)$/.test(a)) return 'en';
  if (/^(zh|zh-cn|cn|chinese|中文|汉语|简体中文)$/.test(a)) return 'zh-CN';
  return current === 'en' ? 'zh-CN' : 'en';
}
