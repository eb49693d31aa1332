import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";

/** GetRecords returns at most this many records a call. */
const getRecordsLimit = 10_000;

export interface ShardReaderOptions {
  client: KinesisClient;
  /** Addressed by name, as kinesalite requires. */
  streamName: string;
  shardId: string;
  /** Where the first iterator points; later ones follow the last record. */
  startingPosition: "LATEST" | "TRIM_HORIZON";
  /** Cuts calls in flight short; once aborted, reads return nothing. */
  signal?: AbortSignal;
}

/** What one GetRecords call returned. */
export interface ShardBatch {
  /** In shard order; empty when there is nothing new. */
  records: _Record[];
  /** How far the read is behind the tip of the shard; 0 when caught up. */
  millisBehindLatest: number;
}

const nothing = (): ShardBatch => ({ records: [], millisBehindLatest: 0 });

/**
 * Reads one shard in order with a shard iterator: GetShardIterator once,
 * then GetRecords, following `NextShardIterator`. An iterator expires
 * five minutes after it was handed out (a batch retried that long, a
 * laptop that slept); the next read then takes a new one after the last
 * record read, so nothing is skipped or read twice.
 *
 * It has no retry policy: a failed call rejects, and the caller decides
 * whether to log it and how long to wait before reading again.
 */
export class ShardReader {
  readonly shardId: string;
  /** Set once the shard is closed and every record in it was read. */
  finished = false;
  readonly #options: ShardReaderOptions;
  #iterator: string | undefined;
  #lastSequenceNumber: string | undefined;

  constructor(options: ShardReaderOptions) {
    this.shardId = options.shardId;
    this.#options = options;
  }

  /**
   * Takes the first iterator, at the starting position. Awaiting it
   * before a record is put makes `LATEST` include that record.
   *
   * @throws The SDK's error when the stream or shard cannot be read.
   */
  async open(): Promise<void> {
    this.#iterator = await this.#newIterator();
  }

  /**
   * Reads up to `limit` next records. Resolves with none once the shard
   * is finished or the signal has aborted, a call cut short included.
   *
   * @throws The SDK's error when a call fails. After one that
   *   {@link isExpiredIterator} recognises, the next read resumes after
   *   the last record read.
   */
  async read(limit = getRecordsLimit): Promise<ShardBatch> {
    const { client, signal } = this.#options;
    if (this.finished || signal?.aborted) return nothing();

    try {
      this.#iterator ??= await this.#newIterator();
      const output = await client.send(
        new GetRecordsCommand({
          ShardIterator: this.#iterator,
          Limit: Math.min(limit, getRecordsLimit),
        }),
        { abortSignal: signal },
      );

      const records = output.Records ?? [];
      const last = records.at(-1)?.SequenceNumber;
      if (last) this.#lastSequenceNumber = last;

      // No next iterator: the shard was closed by a split or a merge and
      // its last record has been read.
      this.#iterator = output.NextShardIterator;
      if (!this.#iterator) this.finished = true;

      return { records, millisBehindLatest: output.MillisBehindLatest ?? 0 };
    } catch (error) {
      if (signal?.aborted) return nothing();
      if (isExpiredIterator(error)) this.#iterator = undefined;
      throw error;
    }
  }

  async #newIterator(): Promise<string | undefined> {
    const { client, streamName, startingPosition, signal } = this.#options;
    const resume = this.#lastSequenceNumber;

    const output = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: this.shardId,
        ShardIteratorType: resume ? "AFTER_SEQUENCE_NUMBER" : startingPosition,
        StartingSequenceNumber: resume,
      }),
      { abortSignal: signal },
    );
    return output.ShardIterator;
  }
}

/**
 * Whether a read failed only because its iterator expired, which the
 * reader mends by itself on the next read.
 */
export function isExpiredIterator(error: unknown): boolean {
  return error instanceof Error && error.name === "ExpiredIteratorException";
}
