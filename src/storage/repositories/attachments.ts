import { eq } from 'drizzle-orm';
import type { AttachmentsRepo } from '../../app/ports.js';
import { isUuid } from './places.js';
import type { Db } from '../database.js';
import { attachments } from '../schema.js';

export class DrizzleAttachments implements AttachmentsRepo {
  constructor(private readonly db: Db) {}

  async create(a: { conversationId: string | null; mime: string; size: number; sha256: string; storageKey: string }): Promise<string> {
    const [row] = await this.db.insert(attachments).values(a).returning({ id: attachments.id });
    return row!.id;
  }

  async get(id: string): Promise<{ storageKey: string; mime: string } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select({ storageKey: attachments.storageKey, mime: attachments.mime }).from(attachments).where(eq(attachments.id, id));
    return row ?? null;
  }
}
