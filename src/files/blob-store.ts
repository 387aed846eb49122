import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../ports/blob-store.js';

/** Attachments as files named by their SHA-256, so the same photo is stored once. */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private fileOf(key: string): string | null {
    return /^[0-9a-f]{64}$/.test(key) ? path.join(this.dir, key.slice(0, 2), key) : null;
  }

  async put(bytes: Uint8Array): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = path.join(this.dir, sha256.slice(0, 2), sha256); // what fileOf gives for a hex SHA-256
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
    return { key: sha256, sha256 };
  }

  async get(key: string): Promise<Uint8Array | null> {
    const file = this.fileOf(key);
    if (!file) return null;
    try {
      return await readFile(file);
    } catch {
      return null;
    }
  }
}
