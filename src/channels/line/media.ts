import type { messagingApi } from '@line/bot-sdk';
import type { MediaFetcher } from '../../ports/transport.js';

/** Photos larger than this are not kept (the same cap as the turns'). */
const MAX_BYTES = 20 * 1024 * 1024;

/** The prefix of a media reference that is an external URL rather than a LINE message id. */
const EXTERNAL_PREFIX = 'external:';

export type ExternalFetch = (url: string) => Promise<{ bytes: Uint8Array; mime: string }>;

/**
 * Fetches a photo the user sent: a LINE message id from the data API (`/v2/bot/message/{id}/content`,
 * MessagingApiBlobClient), or an `external:` URL through the fenced external fetch.
 */
export class LineMedia implements MediaFetcher {
  constructor(
    private readonly blobs: Pick<messagingApi.MessagingApiBlobClient, 'getMessageContentWithHttpInfo'>,
    private readonly external: ExternalFetch,
  ) {}

  async fetch(ref: string): Promise<{ bytes: Uint8Array; mime: string }> {
    if (ref.startsWith(EXTERNAL_PREFIX)) return this.external(ref.slice(EXTERNAL_PREFIX.length));
    const { httpResponse, body } = await this.blobs.getMessageContentWithHttpInfo(ref);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BYTES) {
        body.destroy();
        throw new Error(`LINE content ${ref} is larger than ${MAX_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    return { bytes: new Uint8Array(Buffer.concat(chunks)), mime: httpResponse.headers.get('content-type') ?? 'application/octet-stream' };
  }
}
