import type { ChannelContext, Decoded, Received, ReceivedCounts } from '../ports/channel-module.js';

/**
 * Records what a channel decoded (once each: a repeat is a duplicate) and counts what became of
 * it; resolves once the events are committed, so the platform may be told they arrived. Rejects
 * when they could not be recorded (the database is down): the platform must send them again.
 * The shared webhook route and Telegram's long polling both take events in through here.
 */
export async function intake(
  decoded: Decoded,
  ctx: Pick<ChannelContext, 'receive' | 'log'>,
  channel: string,
): Promise<{ statuses: Received[]; counts: ReceivedCounts }> {
  for (const i of decoded.ignored) ctx.log.debug({ channel, reason: i.reason }, 'event ignored');
  const statuses = await ctx.receive(decoded.events);
  const duplicates = statuses.filter((s) => s === 'duplicate').length;
  const rejected = statuses.filter((s) => s === 'rejected').length;
  if (rejected > 0)
    ctx.log.warn(
      { channel, rejected },
      'events with a NUL or a lone surrogate in an id recorded as rejected (see inbound_events.rejected)',
    );
  return {
    statuses,
    counts: {
      accepted: statuses.length - duplicates - rejected,
      duplicates,
      ignored: decoded.ignored.length,
      ...(rejected ? { rejected } : {}),
    },
  };
}

/** The acknowledgements due once events are recorded: those of ignored items, and those of accepted events. */
export function dueAcks(decoded: Decoded, statuses: readonly Received[]): string[] {
  return (decoded.acks ?? []).filter((a) => a.event === undefined || statuses[a.event] === 'accepted').map((a) => a.ref);
}
