import type { Contract, Severity } from './contract.js';
import { type Reason, reason } from './reason.js';

export interface Escalation {
  readonly from: Severity;
  readonly to: Severity;
  /** When the ticket reached the new level: the old level's start plus the rung's wait. */
  readonly at: Date;
  readonly reason: Reason;
}

/**
 * The escalations due for an unresolved ticket at `now` (clause 5.14 read as a ladder): a level's
 * clock starts when the ticket reached it, so a ticket left long enough climbs several rungs, each
 * dated when it was due. Levels without a rung (D, A) never escalate by time.
 */
export function dueEscalations(contract: Contract, severity: Severity, since: Date, now: Date): Escalation[] {
  const out: Escalation[] = [];
  let level = severity;
  let start = since.getTime();
  for (;;) {
    const rung = contract.escalation.ladder.find((r) => r.from === level);
    if (!rung || start + rung.after > now.getTime()) return out;
    start += rung.after;
    const hours = Math.round(rung.after / 3_600_000);
    out.push({
      from: level,
      to: rung.to,
      at: new Date(start),
      reason: reason(
        contract,
        contract.escalation.clause,
        '{from}级故障 {hours} 小时未解决，升级为{to}级',
        'a {from} fault unresolved for {hours} h is raised to {to}',
        { from: level, to: rung.to, hours },
      ),
    });
    level = rung.to;
  }
}
