import type { z } from 'zod';

/** A data file as read: its path and its parsed YAML, not yet checked. */
export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
}

/** One thing wrong with a data file, located well enough for a person to fix it. */
export interface Problem {
  readonly file: string;
  /** Where in the file: a step id, a dotted path, or a line number. */
  readonly where?: string;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return p.where ? `${p.file}: ${p.where}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Turns zod issues into problems that name the file and the path inside it. */
export function zodProblems(file: string, error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const where = [prefix, path].filter(Boolean).join('.');
    return where ? { file, where, message: issue.message } : { file, message: issue.message };
  });
}

export class DataFileError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DataFileError';
  }
}
