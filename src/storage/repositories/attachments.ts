import type { AttachmentsRepo } from '../../app/ports.js';
import type { Db } from '../database.js';
import { attachments } from '../schema.js';

export class DrizzleAttachments implements AttachmentsRepo {
  constructor(private readonly db: Db) {}

  async create(a: { conversationId: string | null; mime: string; size: number; sha256: string; storageKey: string }): Promise<string> {
    const [row] = await this.db.insert(attachments).values(a).returning({ id: attachments.id });
    return row!.id;
  }
}
