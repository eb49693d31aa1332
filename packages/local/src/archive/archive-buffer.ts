/** Records sealed into one object, in the order they were read. */
export interface SealedBatch {
  parts: Uint8Array[];
  records: number;
  bytes: number;
  /** Arrival time of the oldest record, in epoch milliseconds. */
  oldestArrivalMs: number;
}

/**
 * The delivery stream's buffer: record data in read order, its size in
 * uncompressed bytes (what Firehose's size hint counts) and the arrival
 * time of its oldest record.
 */
export class ArchiveBuffer {
  readonly #sizeBytes: number;
  #parts: Uint8Array[] = [];
  #bytes = 0;
  #oldestArrivalMs = Number.POSITIVE_INFINITY;

  constructor(sizeBytes: number) {
    this.#sizeBytes = sizeBytes;
  }

  get records(): number {
    return this.#parts.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get isEmpty(): boolean {
    return this.#parts.length === 0;
  }

  /** Whether adding `bytes` more would take the buffer past its size. */
  wouldOverflow(bytes: number): boolean {
    return !this.isEmpty && this.#bytes + bytes > this.#sizeBytes;
  }

  get isFull(): boolean {
    return this.#bytes >= this.#sizeBytes;
  }

  add(data: Uint8Array, arrivalMs: number): void {
    this.#parts.push(data);
    this.#bytes += data.length;
    this.#oldestArrivalMs = Math.min(this.#oldestArrivalMs, arrivalMs);
  }

  /** Empties the buffer into a batch; `undefined` when it was empty. */
  seal(): SealedBatch | undefined {
    if (this.isEmpty) {
      return undefined;
    }

    const batch: SealedBatch = {
      parts: this.#parts,
      records: this.#parts.length,
      bytes: this.#bytes,
      oldestArrivalMs: this.#oldestArrivalMs,
    };

    this.#parts = [];
    this.#bytes = 0;
    this.#oldestArrivalMs = Number.POSITIVE_INFINITY;
    return batch;
  }
}
