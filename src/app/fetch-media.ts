import type { Logger } from 'pino';
import type { MediaFetcher } from '../ports/transport.js';
import type { ChannelName, PhotoRefusal } from '../domain/messages.js';
import { imageType } from '../domain/image-type.js';
import type { BlobStore } from '../ports/blob-store.js';
import { DEFAULT_PHOTO_QUOTA, type PhotoQuota, photoRefusal } from '../domain/photo-quota.js';
import type { Store } from '../ports/store.js';

export interface MediaDeps {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly fetchers: Partial<Record<ChannelName, MediaFetcher>>;
  readonly log: Logger;
  /** Photos kept per conversation and in all (PHOTOS_MAX_MB_*). */
  readonly quota?: PhotoQuota;
}

const ATTEMPTS = 3;
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Before a conversation is processed, fetches the photos its waiting events refer to (outside the
 * transaction: the platform may be slow) and stores them as attachments. A photo that cannot be
 * fetched after a few tries is kept as an event without attachment: the user is asked to resend.
 * A photo over the conversation's or the desk's photo limit is not kept either (its caption is),
 * and the user is told why.
 */
export async function fetchPendingMedia(deps: MediaDeps, channel: ChannelName, conversationKey: string): Promise<void> {
  const fetcher = deps.fetchers[channel];
  const pending = await deps.store.read.inbound.pending(channel, conversationKey);
  for (const { id, message } of pending) {
    const content = message.content;
    if (content.kind !== 'photo' || content.attachmentId || !content.media) continue;
    let attachmentId: string | undefined;
    const quota = deps.quota ?? DEFAULT_PHOTO_QUOTA;
    // Already full: not even fetched.
    const before = await deps.store.read.attachments.usage(channel, conversationKey);
    let refused: PhotoRefusal | null = photoRefusal(before, 1, quota);
    for (let attempt = 1; fetcher && attempt <= ATTEMPTS && !attachmentId && !refused; attempt++) {
      try {
        const { bytes } = await fetcher.fetch(content.media);
        const mime = imageType(bytes);
        if (!mime || bytes.length > MAX_BYTES) throw new Error(`not a usable image (${bytes.length} bytes)`);
        // Not even stored when it clearly does not fit; recorded only if it still fits (parallel photos take turns).
        refused = photoRefusal(await deps.store.read.attachments.usage(channel, conversationKey), bytes.length, quota);
        if (refused) break;
        const { key, sha256 } = await deps.blobs.put(bytes);
        const kept = await deps.store.read.attachments.createWithin(
          { channel, conversationKey, mime, size: bytes.length, sha256, storageKey: key },
          quota,
        );
        if ('refused' in kept) {
          refused = kept.refused;
          break;
        }
        attachmentId = kept.id;
      } catch (error) {
        deps.log.warn({ err: error, channel, media: content.media, attempt }, 'fetching a photo failed');
        if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
      }
    }
    if (refused) deps.log.warn({ channel, refused }, 'a photo over the photo limit was not kept');
    const { media: _media, ...rest } = content;
    await deps.store.read.inbound.updateMessage(id, {
      ...message,
      content: attachmentId ? { ...rest, attachmentId } : refused ? { ...rest, refused } : rest,
    });
  }
}
