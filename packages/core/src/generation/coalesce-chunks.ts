import type { SequencedChunk, UiChunk } from "../chunk-record";

/** How chunks are gathered into one record. */
export interface CoalesceOptions {
  /** How long the first chunk of a batch waits for company. */
  windowMs: number;
  /** A batch closes early once its chunks take this many JSON bytes. */
  maxBytes: number;
  /** Epoch milliseconds; injected by tests. */
  now?: () => number;
}

/**
 * Numbers the chunks of one message densely from 0 and gathers them into
 * batches, one per stream record.
 *
 * A batch opens with the first chunk that arrives and closes when the
 * window has passed since that chunk, when it is full, or when the source
 * ends. The source is read ahead while the caller handles a batch, so a
 * slow consumer gets bigger batches rather than holding the model up.
 * An error from the source is thrown after every chunk read before it has
 * been yielded.
 */
export async function* coalesceChunks(
  source: AsyncIterable<UiChunk>,
  options: CoalesceOptions,
): AsyncGenerator<SequencedChunk[]> {
  const now = options.now ?? Date.now;
  const pending: SequencedChunk[] = [];
  let pendingBytes = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;

  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const pump = (async () => {
    let seq = 0;
    try {
      for await (const chunk of source) {
        const item = { seq: seq++, receivedAt: now(), chunk };
        pending.push(item);
        pendingBytes += byteSize(item);
        notify();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      notify();
    }
  })();

  const changeOrTimeout = (timeoutMs?: number) =>
    new Promise<void>((resolve) => {
      const timer =
        timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  while (true) {
    while (pending.length === 0 && !ended) await changeOrTimeout();
    const first = pending[0];
    if (!first) break;

    const closesAt = first.receivedAt + options.windowMs;
    while (!ended && pendingBytes < options.maxBytes && now() < closesAt) {
      await changeOrTimeout(Math.max(0, closesAt - now()));
    }
    yield takeBatch();
  }

  await pump;
  if (failure) throw failure.error;

  function takeBatch(): SequencedChunk[] {
    let bytes = 0;
    let count = 0;
    for (const item of pending) {
      const size = byteSize(item);
      if (count > 0 && bytes + size > options.maxBytes) break;
      bytes += size;
      count++;
    }
    pendingBytes -= bytes;
    return pending.splice(0, count);
  }
}

function byteSize(item: SequencedChunk): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}
