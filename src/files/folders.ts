import { existsSync } from 'node:fs';
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * mkdir -p, failing with the real reason: Node's recursive mkdir says ENOENT when a parent cannot
 * be created (read-only, forbidden); creating the first missing folder alone says EROFS, EACCES…
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let first = path.resolve(dir);
    while (!existsSync(path.dirname(first)) && path.dirname(first) !== first) first = path.dirname(first);
    await mkdir(first);
    await mkdir(dir, { recursive: true });
  }
}

/** A folder fixline will write to: created if missing, and writable (EROFS, EACCES otherwise). */
export async function writableFolder(dir: string): Promise<void> {
  await makeFolder(dir);
  await access(dir, constants.W_OK);
}
