/**
 * Waits `ms` milliseconds. Resolves `true` when the time has passed and
 * `false` as soon as `signal` aborts, so a retry loop can stop waiting
 * when its emulator closes; it never rejects.
 */
export function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);

  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
