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
/** Every command word (normalised) and slash command, to its command: built once per flow set. */
export interface CommandIndex {
  readonly words: ReadonlyMap<string, CommandName>;
  readonly slash: ReadonlyMap<string, CommandName>;
}

export function indexCommands(settings: SettingsFile): CommandIndex {
  const words = new Map<string, CommandName>();
  const slash = new Map<string, CommandName>();
  for (const command of COMMANDS) {
    const spec = settings.commands[command];
    for (const w of [...spec.words['zh-CN'], ...spec.words.en]) if (!words.has(normaliseWords(w))) words.set(normaliseWords(w), command);
    for (const s of spec.slash) if (!slash.has(s)) slash.set(s, command);
  }
  return { words, slash };
}

export function matchCommand(input: FlowInput, index: CommandIndex): { command: CommandName; arg?: string } | null {
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
    const [slash = '', ...rest] = raw.split(/\s+/);
    const word = slash.toLowerCase().replace(/@\w+$/, '');
    const command = index.slash.get(word);
    if (!command) return null;
    const arg = rest.join(' ').trim();
    return arg ? { command, arg } : { command };
  }
  const words = normaliseWords(raw);
  const command = words ? index.words.get(words) : undefined;
  if (!command) return null;
  const arg = command === 'language' ? languageArg(words) : undefined;
  return arg ? { command, arg } : { command };
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
