/** Where photos and other attachments are kept. */
export interface BlobStore {
  /** Stores the bytes; returns the key to read them back and their digest. */
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string }>;
  get(key: string): Promise<Uint8Array | null>;
}
