/** Runs work under a bound: at most `size` at once, the rest waiting in order. */
export type Slots = <T>(work: () => Promise<T>) => Promise<T>;

export function slots(size: number): Slots {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** The work under the bound, or at once without one. */
export const within = <T>(bound: Slots | undefined, work: () => Promise<T>): Promise<T> => (bound ? bound(work) : work());
