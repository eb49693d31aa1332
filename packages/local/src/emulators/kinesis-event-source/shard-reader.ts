import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  type ShardIteratorType,
} from "@aws-sdk/client-kinesis";
import { abortableSleep } from "../abortable-sleep";
import type { Logger } from "../logger";

/** GetRecords returns at most this many records a call. */
const getRecordsLimit = 10_000;

/** Pause after a failed read, so a broken stream is not hammered. */
const errorPauseMs = 1_000;

/**
 * Reads one shard in order with a shard iterator. An iterator expires
 * after five minutes unused (a batch retried that long); the reader then
 * takes a new one after the last record it read, so nothing is skipped
 * or read twice.
 */
export class ShardReader {
  /** Set once the shard is closed and every record in it was read. */
  finished = false;
  private iterator: string | undefined;
  private lastSequenceNumber: string | undefined;

  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
    readonly shardId: string,
    private readonly startingPosition: "LATEST" | "TRIM_HORIZON",
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
  ) {}

  /** Takes the first iterator, at the starting position. */
  async open(): Promise<void> {
    this.iterator = await this.newIterator();
  }

  /**
   * Up to `limit` next records; none when there is nothing new, when the
   * read failed (after a pause) or when the mapping is closing.
   */
  async read(limit: number): Promise<_Record[]> {
    if (this.finished || this.signal.aborted) return [];

    try {
      this.iterator ??= await this.newIterator();
      const output = await this.client.send(
        new GetRecordsCommand({
          ShardIterator: this.iterator,
          Limit: Math.min(limit, getRecordsLimit),
        }),
        { abortSignal: this.signal },
      );

      const records = output.Records ?? [];
      const last = records.at(-1)?.SequenceNumber;
      if (last) this.lastSequenceNumber = last;
      this.iterator = output.NextShardIterator;
      if (!this.iterator) this.finished = true;
      return records;
    } catch (error) {
      if (this.signal.aborted) return [];
      if ((error as Error).name === "ExpiredIteratorException") {
        this.iterator = undefined;
        return [];
      }

      this.logger.warn("kinesis read failed", {
        shard_id: this.shardId,
        error: String(error),
      });
      await abortableSleep(errorPauseMs, this.signal);
      return [];
    }
  }

  private async newIterator(): Promise<string | undefined> {
    const type: ShardIteratorType = this.lastSequenceNumber
      ? "AFTER_SEQUENCE_NUMBER"
      : this.startingPosition;
    const output = await this.client.send(
      new GetShardIteratorCommand({
        StreamName: this.streamName,
        ShardId: this.shardId,
        ShardIteratorType: type,
        ...(this.lastSequenceNumber && {
          StartingSequenceNumber: this.lastSequenceNumber,
        }),
      }),
      { abortSignal: this.signal },
    );
    return output.ShardIterator;
  }
}
