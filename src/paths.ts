import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder: the nearest one above this file holding package.json and flows/. The
 * same whether the sources run under tsx (src/) or built (dist/src/, see `npm run build`).
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'flows'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`fixline: no project folder (package.json and flows/) above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
/** Files served as they are (pages, scripts, styles) stay with the sources. */
export const SOURCE_DIR = path.join(PROJECT_ROOT, 'src');
