/**
 * One run per key at a time: a second caller while the first is under way gets the same
 * promise, so a double click or two screens never send one receipt twice.
 */
export function singleFlight(): <T>(key: string, run: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const current = running.get(key);
    if (current) return current as Promise<T>;
    const started = (async () => run())().finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
