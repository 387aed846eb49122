import type { TurnRecord } from '../../ports/store.js';

/** A turn's transcript entry as the row `jsonb_to_recordset` reads in (the one-turn and the batched commit). */
export function entryRow(e: TurnRecord['entries'][number]) {
  return {
    seq: e.seq,
    direction: e.direction,
    sender: e.sender,
    agent_id: e.agentId ?? null,
    kind: e.kind,
    text: e.text,
    choices: e.choices,
    attachment_id: e.attachmentId,
    inbound_event_id: e.inboundEventId,
  };
}
