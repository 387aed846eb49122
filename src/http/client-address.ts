import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** Longer than any address a proxy writes (an IPv6 address with a zone and a port). */
const MAX_ADDRESS = 100;

/**
 * The client's address, as the rate limits and the sign-in throttling see it. `proxyHops` is the
 * number of proxies in front of fixline that are trusted (TRUST_PROXY): each appends the address
 * it received the request from to X-Forwarded-For, so the client is the entry `proxyHops` places
 * from the right of [X-Forwarded-For…, the socket's peer] (Express's `trust proxy` hop count).
 * Entries further left were written by the client itself and are never believed; a chain shorter
 * than the hops gives its left-most entry. 0 hops: the socket's peer.
 */
export function clientAddress(c: Context, proxyHops: number): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket.remoteAddress ?? 'unknown';
  if (proxyHops <= 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Nearest first: the peer (the last proxy), then what each trusted proxy appended.
  const chain = [peer, ...forwarded.reverse()];
  // The chain holds at least the peer, so the index always names an entry.
  return (chain[Math.min(proxyHops, chain.length - 1)] ?? peer).slice(0, MAX_ADDRESS);
}
