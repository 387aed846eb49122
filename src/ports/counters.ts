/** Counters as /metrics keeps them (see Metrics). */
export interface Counters {
  inc(name: string, labels?: Readonly<Record<string, string>>, by?: number): void;
}
