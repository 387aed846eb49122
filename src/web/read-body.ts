import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HttpError } from './errors.js';

const tooLarge = (maxBytes: number) => new HttpError(413, 'body_too_large', `the request body is larger than ${maxBytes} bytes`);

/**
 * The raw bytes of a request's body, at most `maxBytes` (413 beyond: at once when Content-Length
 * says so, otherwise as soon as the bytes read pass it). Under @hono/node-server it reads Node's
 * request stream directly: building the web-standard Request and its stream cost a webhook more
 * CPU than everything else it does. Elsewhere (tests calling `app.request`) through the Request.
 */
export async function readBody(c: Context, maxBytes: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableDidRead || incoming.readableEnded) {
    const body = Buffer.from(await c.req.arrayBuffer());
    if (body.length > maxBytes) throw tooLarge(maxBytes);
    return body;
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: HttpError) => {
      if (settled) return;
      settled = true;
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) {
        // What is left is read and dropped (the 413 closes the connection), not left in the socket.
        incoming.resume();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => settle();
    const onError = () => settle(new HttpError(400, 'body_unreadable', 'the request body could not be read to its end'));
    const onClose = () => settle(new HttpError(400, 'body_unreadable', 'the connection closed before the request body ended'));
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
