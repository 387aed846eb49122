import type { PhotoRefusal } from './messages.js';

/** How many bytes of photos are kept per conversation and in all (PHOTOS_MAX_MB_*). */
export interface PhotoQuota {
  readonly perConversationBytes: number;
  readonly totalBytes: number;
}

const MB = 1024 * 1024;

export function photoQuota(settings: { PHOTOS_MAX_MB_PER_CONVERSATION: number; PHOTOS_MAX_MB_TOTAL: number }): PhotoQuota {
  return {
    perConversationBytes: Math.floor(settings.PHOTOS_MAX_MB_PER_CONVERSATION * MB),
    totalBytes: Math.floor(settings.PHOTOS_MAX_MB_TOTAL * MB),
  };
}

export const DEFAULT_PHOTO_QUOTA: PhotoQuota = photoQuota({ PHOTOS_MAX_MB_PER_CONVERSATION: 100, PHOTOS_MAX_MB_TOTAL: 10_240 });

/** Bytes of photos already kept: for one conversation, and in all. */
export interface PhotoUsage {
  readonly conversation: number;
  readonly total: number;
}

/** Whether a photo of `size` bytes still fits (null), or which limit it would pass. */
export function photoRefusal(usage: PhotoUsage, size: number, quota: PhotoQuota): PhotoRefusal | null {
  if (usage.conversation + size > quota.perConversationBytes) return 'conversation_quota';
  if (usage.total + size > quota.totalBytes) return 'total_quota';
  return null;
}

/** A refusal as the web chat API says it (413). */
export function refusalMessage(refusal: PhotoRefusal, quota: PhotoQuota): string {
  const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
  return refusal === 'conversation_quota'
    ? `this conversation already keeps as many photos as it may (${mb(quota.perConversationBytes)}); describe the problem in words`
    : `the desk's photo storage is full (${mb(quota.totalBytes)}); describe the problem in words`;
}
