import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Fetching an image LINE only points at (`contentProvider.type === "external"`: sent through a
 * LIFF app, not uploaded to LINE). The URL comes from the signed webhook, but fixline may run inside
 * a school's network, so the fetch is fenced: https only, no credentials in the URL, no redirect,
 * only public addresses (checked on the address actually connected to, so a name that resolves to
 * 10.0.0.1 is refused too), a time limit and a size limit.
 */

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** Whether an address is loopback, private, link-local, multicast or otherwise not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const v4 = mapped?.[1];
    if (v4) return PRIVATE.check(v4, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return true;
}

/** Why an external image URL is not fetched, or null when it may be. */
export function externalUrlProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return 'not a URL';
  const url = new URL(raw);
  if (url.protocol !== 'https:') return 'not https';
  if (url.username || url.password) return 'credentials in the URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a local host';
  if (isIP(host) && isPrivateAddress(host)) return 'a private address';
  return null;
}

/** Resolves like dns.lookup, refusing private addresses. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    const [first] = allowed;
    if (!first) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, first.address, first.family);
  });
};

export interface ExternalLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** GETs an external image within the fence; the bytes and the type the server named. */
export function fetchExternalImage(
  raw: string,
  limits: ExternalLimits = { timeoutMs: 10_000, maxBytes: 20 * 1024 * 1024 },
): Promise<{ bytes: Uint8Array; mime: string }> {
  const problem = externalUrlProblem(raw);
  if (problem) return Promise.reject(new Error(`external image not fetched: ${problem}`));
  return new Promise((resolve, reject) => {
    const request = https.get(raw, { lookup: publicLookup, timeout: limits.timeoutMs, headers: { accept: 'image/*' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`external image: HTTP ${response.statusCode ?? '?'}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) request.destroy(new Error(`external image larger than ${limits.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ bytes: new Uint8Array(Buffer.concat(chunks)), mime: response.headers['content-type'] ?? 'application/octet-stream' }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`external image: no answer within ${limits.timeoutMs} ms`)));
    request.on('error', reject);
  });
}
