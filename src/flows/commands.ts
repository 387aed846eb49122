import type { Lang } from '../domain/i18n.js';
import type { InboundContent } from '../domain/messages.js';
import { type FlowInput, textProblem } from './input.js';
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

/** Every command word (normalised) and slash command (lower case, without the slash), to its command: built once per flow set. */
export interface CommandIndex {
  readonly words: ReadonlyMap<string, CommandName>;
  readonly slash: ReadonlyMap<string, CommandName>;
  /** Texts longer than this are no commands (the engine tells the user they are too long). */
  readonly maxLength: number;
}

export function indexCommands(settings: SettingsFile): CommandIndex {
  const words = new Map<string, CommandName>();
  const slash = new Map<string, CommandName>();
  for (const command of COMMANDS) {
    const spec = settings.commands[command];
    for (const w of [...spec.words['zh-CN'], ...spec.words.en]) if (!words.has(normaliseWords(w))) words.set(normaliseWords(w), command);
    for (const s of spec.slash) {
      const name = s.replace(/^\//, '').toLowerCase();
      if (!slash.has(name)) slash.set(name, command);
    }
  }
  return { words, slash, maxLength: settings.maxTextLength };
}

/** The parts of a slash command's syntax (`/name`, `/name@bot`, `/name args`), known or not; null when the text is none. */
export function slashSyntax(text: string): { readonly name: string; readonly bot?: string; readonly arg?: string } | null {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m?.[1]) return null;
  const arg = m[3]?.trim();
  return { name: m[1].toLowerCase(), ...(m[2] ? { bot: m[2] } : {}), ...(arg ? { arg } : {}) };
}

/** A command the user typed. */
export interface TypedCommand {
  readonly command: CommandName;
  readonly arg?: string;
  /** The bot a slash command names (`/status@mybot`): a channel with several bots in one chat checks it is its own. */
  readonly bot?: string;
}

/**
 * The one command parser: a slash command of the settings (`/start FX-PNL-0101`, `/status@mybot
 * 123`, `/LANG en`), or a message that is exactly one of a command's words in either language
 * (`报修`, `talk to a human`; a language word also names the language). Null for anything else,
 * and for a text the engine would refuse as a message (too long, unreadable): it says why.
 */
export function parseCommand(text: string, index: CommandIndex): TypedCommand | null {
  if (textProblem(text, index.maxLength)) return null;
  const raw = text.trim();
  if (raw.startsWith('/')) {
    const syntax = slashSyntax(raw);
    const command = syntax ? index.slash.get(syntax.name) : undefined;
    if (!syntax || !command) return null;
    return { command, ...(syntax.arg ? { arg: syntax.arg } : {}), ...(syntax.bot ? { bot: syntax.bot } : {}) };
  }
  const words = normaliseWords(raw);
  const command = words ? index.words.get(words) : undefined;
  if (!command) return null;
  const arg = command === 'language' ? languageArg(words) : undefined;
  return arg ? { command, arg } : { command };
}

/**
 * A typed command as the content every channel records: `start` (with the device tag a QR link
 * carries) or `command`, with the text as typed (the transcript shows it).
 */
export function commandContent(typed: TypedCommand, text: string): InboundContent {
  if (typed.command === 'start') return typed.arg ? { kind: 'start', assetTag: typed.arg, text } : { kind: 'start', text };
  return typed.arg ? { kind: 'command', command: typed.command, arg: typed.arg, text } : { kind: 'command', command: typed.command, text };
}

/** Whether a recorded command names one of ours (events recorded before a command was renamed may not). */
export function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** A global command in what the user sent: a command (parsed by the channel), a command button, or a typed command. */
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
  // Texts the channels recorded are parsed already; this reads texts given to the engine directly
  // (flows:check, the triage tool, events recorded before commands were parsed on arrival).
  const typed = parseCommand(input.text, index);
  if (!typed) return null;
  return typed.arg === undefined ? { command: typed.command } : { command: typed.command, arg: typed.arg };
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
