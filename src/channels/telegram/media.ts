import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFetcher } from '../../ports/transport.js';
import type { TelegramApi } from './api.js';

/** The Bot API lets bots download files up to 20 MB. */
const MAX_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/**
 * Downloads a photo the user sent, by its file_id: getFile for its path, then the file from
 * `<apiRoot>/file/bot<token>/<path>` (a self-hosted Bot API server in --local mode answers with
 * an absolute path on its own disk instead, read directly when fixline runs beside it).
 */
export class TelegramMedia implements MediaFetcher {
  constructor(private readonly api: TelegramApi) {}

  async fetch(ref: string): Promise<{ bytes: Uint8Array; mime: string }> {
    const file = await this.api.call<{ file_path?: string; file_size?: number }>('getFile', { file_id: ref }, { timeoutMs: TIMEOUT_MS });
    if (!file.file_path) throw new Error('Telegram gave no file_path for the photo (larger than 20 MB?)');
    if ((file.file_size ?? 0) > MAX_BYTES) throw new Error(`the photo is ${file.file_size} bytes, more than ${MAX_BYTES}`);
    if (path.isAbsolute(file.file_path)) {
      const size = (await stat(file.file_path)).size;
      if (size > MAX_BYTES) throw new Error(`the photo is ${size} bytes, more than ${MAX_BYTES}`);
      return { bytes: await readFile(file.file_path), mime: 'application/octet-stream' };
    }
    let response: Response;
    try {
      response = await fetch(this.api.fileUrl(file.file_path), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw this.api.redact(error);
    }
    if (!response.ok || !response.body) throw new Error(`downloading the photo failed: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) throw new Error(`the photo is ${declared} bytes, more than ${MAX_BYTES}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BYTES) {
        await reader.cancel();
        throw new Error(`the photo is more than ${MAX_BYTES} bytes`);
      }
      chunks.push(value);
    }
    return {
      bytes: Buffer.concat(chunks),
      mime: response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream',
    };
  }
}
