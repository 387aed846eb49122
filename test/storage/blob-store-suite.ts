import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../src/files/blob-store.js';
import { DatabaseBlobStore } from '../../src/storage/blob-store.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

/** Photos in the database on both drivers: what one instance stores, another reads; older photos from the folder. */
export function blobStoreSuite(kind: TestDatabaseKind) {
  describe(`photos in the database on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let dir: string;

    beforeAll(async () => {
      database = await testDatabase(kind);
      dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-blobs-'));
    });
    afterAll(async () => {
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('reads back the bytes another store on the same database put, by their SHA-256; the same photo twice is one row', async () => {
      const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0xfe]);
      const one = new DatabaseBlobStore(database.db);
      const other = new DatabaseBlobStore(database.db);
      const stored = await one.put(bytes);
      expect(stored.key).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.sha256).toBe(stored.key);
      expect(await one.put(bytes)).toEqual(stored);
      const read = await other.get(stored.key);
      expect(read && Array.from(read)).toEqual(Array.from(bytes));
    });

    it('falls back to the photos folder for photos stored there before, and answers null for unknown or malformed keys', async () => {
      const files = new FileBlobStore(dir);
      const old = await files.put(new Uint8Array([1, 2, 3]));
      const store = new DatabaseBlobStore(database.db, files);
      const read = await store.get(old.key);
      expect(read && Array.from(read)).toEqual([1, 2, 3]);
      expect(await store.get('0'.repeat(64))).toBeNull();
      expect(await store.get('../etc/passwd')).toBeNull();
    });
  });
}
