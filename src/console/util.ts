/**
 * Runs `load` at most once at a time; calls made meanwhile run it once more afterwards. Every
 * call's promise settles when a run that started after the call has finished.
 */
export function coalesce(load: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let again = false;
  return () => {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      try {
        do {
          again = false;
          await load();
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- calls made while `load()` was awaited set `again`; the narrowing from `again = false` cannot see them
        } while (again);
      } finally {
        current = null;
      }
    })();
    return current;
  };
}

export interface Debounced {
  (): void;
  cancel(): void;
}

export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (() => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  }) as Debounced;
  run.cancel = () => clearTimeout(timer);
  return run;
}
