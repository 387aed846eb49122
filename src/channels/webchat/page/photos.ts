/**
 * Photos from the camera or the gallery: a big one (or one the server does not take, such as
 * HEIC) is redrawn as a JPEG of at most 2560 px first; the server takes up to 10 MB.
 */
import { showAlert } from './chrome.js';
import { deliver, newClientId } from './sending.js';
import { type Chat, t } from './state.js';
import { addPending } from './transcript.js';

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const SHRINK_ABOVE_BYTES = 8 * 1024 * 1024;
const UPLOADABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const LONGEST_SIDE = 2560;

async function shrink(file: File): Promise<Blob> {
  if (typeof createImageBitmap !== 'function') return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return file;
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  return blob ?? file;
}

export async function sendPhoto(chat: Chat, file: File | undefined): Promise<void> {
  if (!file || !chat.sessionId) return;
  if (file.type && !file.type.startsWith('image/')) {
    showAlert(chat, t(chat, 'errNotImage'));
    return;
  }
  let blob: Blob = file;
  if (file.size > SHRINK_ABOVE_BYTES || (file.type && !UPLOADABLE.includes(file.type))) {
    try {
      blob = await shrink(file);
    } catch {
      blob = file; // the server will say what is wrong with it
    }
  }
  if (blob.size > MAX_PHOTO_BYTES) {
    showAlert(chat, t(chat, 'errTooLarge'));
    return;
  }
  const url = URL.createObjectURL(blob);
  chat.objectUrls.push(url);
  void deliver(chat, addPending(chat, { kind: 'photo', blob, url, clientId: newClientId() }));
}

/** The camera button opens the file picker; the chosen photo is sent at once. */
export function wirePhotos(chat: Chat): void {
  const { photoButton, photoInput } = chat.ui;
  photoButton.addEventListener('click', () => photoInput.click());
  photoInput.addEventListener('change', () => {
    const file = photoInput.files?.[0];
    photoInput.value = '';
    void sendPhoto(chat, file);
  });
}
