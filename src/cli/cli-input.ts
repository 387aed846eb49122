import { readFile } from 'node:fs/promises';

/** The options and the one FILE a command was given: `--name value`, `--name=value`, `--flag`. */
export interface CliArgs {
  readonly file: string;
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

/**
 * Reads `FILE [--name value]… [--flag]…` ("-" is a FILE: standard input). Only the names given are
 * accepted; a string says what is wrong (the command prints it with its usage). A command that
 * reads no file says `file: false`: then any FILE is refused and `file` is "".
 */
export function readCliArgs(
  argv: readonly string[],
  accepted: { values: readonly string[]; flags?: readonly string[]; file?: boolean },
): CliArgs | string {
  let file: string | undefined;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (accepted.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return `${name} needs a value`;
      values.set(name, value);
    } else if (accepted.flags?.includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else if (accepted.file === false) {
      return `unexpected argument "${arg}"`;
    } else if (file === undefined) {
      file = arg;
    } else {
      return `only one FILE, got "${file}" and "${arg}"`;
    }
  }
  if (accepted.file === false) return { file: '', values, flags };
  if (file === undefined) return 'FILE is missing';
  return { file, values, flags };
}

/** A command's input: the FILE, or standard input for "-". */
export async function readInput(file: string, stdin: AsyncIterable<Buffer | string>): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
