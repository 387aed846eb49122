import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BlobStore } from '../ports/blob-store.js';
import type { Db } from './database.js';
import { blobs } from './schema.js';

/**
 * Photos kept in the database (the `blobs` table), named by their SHA-256 as on disk: with several
 * instances every one reads what any one stored, without a shared folder. Reads fall back to
 * `older` (the photos folder), where photos stored before this store was used remain.
 */
export class DatabaseBlobStore implements BlobStore {
  constructor(
    private readonly db: Db,
    private readonly older?: BlobStore,
  ) {}

  async put(bytes: Uint8Array): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The same photo twice is stored once: the key is its digest.
    await this.db
      .insert(blobs)
      .values({ key: sha256, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
      .onConflictDoNothing();
    return { key: sha256, sha256 };
  }

  async get(key: string): Promise<Uint8Array | null> {
    if (!/^[0-9a-f]{64}$/.test(key)) return null;
    const [row] = await this.db.select({ bytes: blobs.bytes }).from(blobs).where(eq(blobs.key, key));
    if (row) return row.bytes;
    return (await this.older?.get(key)) ?? null;
  }
}
