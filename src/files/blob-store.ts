import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where photos and other attachments are kept. */
export interface BlobStore {
  /** Stores the bytes; returns the key to read them back and their digest. */
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string }>;
  get(key: string): Promise<Uint8Array | null>;
}

/** Attachments as files named by their SHA-256, so the same photo is stored once. */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private fileOf(key: string): string | null {
    return /^[0-9a-f]{64}$/.test(key) ? path.join(this.dir, key.slice(0, 2), key) : null;
  }

  async put(bytes: Uint8Array): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = this.fileOf(sha256)!;
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

/** Recognises the image formats chat photos come in, from their first bytes. */
export function imageType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | null {
  const b = bytes;
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length > 12 && String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP') return 'image/webp';
  if (b.length > 6 && String.fromCharCode(...b.slice(0, 4)) === 'GIF8') return 'image/gif';
  return null;
}
