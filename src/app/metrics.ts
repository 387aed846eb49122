import type { ChannelName } from '../domain/messages.js';
import type { Counters } from '../ports/counters.js';

/**
 * Counters of one process, shown at /metrics in the Prometheus text format: enough to see what
 * fixline does under load (the benchmark reads them) without a tracing system.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();

  inc(name: string, labels: Readonly<Record<string, string>> = {}, by = 1): void {
    const key = `${name}${labelText(labels)}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  get(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.counters.get(`${name}${labelText(labels)}`) ?? 0;
  }

  /** The Prometheus exposition text, with the process's memory. */
  render(): string {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const [key, value] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) {
      const name = key.split('{', 1)[0] ?? key;
      if (!seen.has(name)) {
        seen.add(name);
        lines.push(`# TYPE ${name} counter`);
      }
      lines.push(`${key} ${value}`);
    }
    const memory = process.memoryUsage();
    lines.push('# TYPE fixline_process_resident_bytes gauge', `fixline_process_resident_bytes ${memory.rss}`);
    lines.push('# TYPE fixline_process_heap_used_bytes gauge', `fixline_process_heap_used_bytes ${memory.heapUsed}`);
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** Events a webhook or the web chat recorded, in /metrics. */
export function countReceived(counters: Counters, channel: ChannelName, accepted: number, duplicates: number): void {
  counters.inc('fixline_inbound_accepted_total', { channel }, accepted);
  counters.inc('fixline_inbound_duplicates_total', { channel }, duplicates);
}
