import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  type ShardIteratorType,
} from "@aws-sdk/client-kinesis";
import { MAX_BACKOFF_MS, MAX_FAILURES_WHILE_DRAINING } from "./constants";
import { ArchiveError } from "./errors";
import { Pause } from "./pause";
import type { ArchiveLogger } from "./types";

export interface ShardReaderOptions {
  client: KinesisClient;
  streamName: string;
  shardId: string;
  startingPosition: ShardIteratorType;
  pollIntervalMs: number;
  logger: ArchiveLogger;
  /** Receives each non-empty GetRecords batch, in shard order. */
  onRecords: (records: _Record[]) => void;
}

/**
 * Reads one shard the way a polling consumer does: GetShardIterator
 * once, then GetRecords in a loop, following `NextShardIterator`, with a
 * pause whenever the shard is caught up.
 */
export class ShardReader {
  readonly shardId: string;
  readonly #options: ShardReaderOptions;
  readonly #pause = new Pause();
  #iterator: string | undefined;
  #lastSequenceNumber: string | undefined;
  #draining = false;
  #failures = 0;

  constructor(options: ShardReaderOptions) {
    this.shardId = options.shardId;
    this.#options = options;
  }

  /**
   * Takes the first iterator. Awaiting it before any record is put makes
   * `LATEST` include that record.
   */
  async open(): Promise<void> {
    try {
      this.#iterator = await this.#newIterator();
    } catch (error) {
      throw new ArchiveError(
        "get_shard_iterator_failed",
        `Could not get an iterator for shard "${this.shardId}"; ` +
          "check that the stream exists.",
        { cause: error },
      );
    }
  }

  /**
   * Polls until the shard is closed (resolves `"closed"`) or, after
   * `drain()`, until a poll returns nothing (resolves `"drained"`).
   */
  async run(): Promise<"closed" | "drained"> {
    while (this.#iterator !== undefined) {
      const outcome = await this.#poll(this.#iterator);

      if (outcome === "failed") {
        if (this.#draining && this.#failures >= MAX_FAILURES_WHILE_DRAINING) {
          return "drained";
        }
        await this.#pause.wait(this.#backoffMs());
        continue;
      }

      if (this.#draining && outcome === "empty") {
        return "drained";
      }

      // A full batch means the shard has more: read on without a pause,
      // as Firehose does when it is behind.
      if (this.#draining || outcome === "behind") {
        continue;
      }
      await this.#pause.wait(this.#options.pollIntervalMs);
    }
    return "closed";
  }

  /** Asks the reader to read what is left and stop. */
  drain(): void {
    this.#draining = true;
    this.#pause.wake();
  }

  async #poll(
    iterator: string,
  ): Promise<"empty" | "read" | "behind" | "failed"> {
    const { client, logger, onRecords } = this.#options;

    try {
      const output = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator }),
      );
      this.#failures = 0;
      this.#iterator = output.NextShardIterator;

      const records = output.Records ?? [];
      if (records.length === 0) {
        return "empty";
      }

      this.#lastSequenceNumber = records.at(-1)?.SequenceNumber;
      onRecords(records);
      return (output.MillisBehindLatest ?? 0) > 0 ? "behind" : "read";
    } catch (error) {
      this.#failures += 1;
      logger.warn("shard read failed", {
        shard_id: this.shardId,
        error_name: errorName(error),
        failures: this.#failures,
      });

      if (errorName(error) === "ExpiredIteratorException") {
        await this.#renewIterator();
      }
      return "failed";
    }
  }

  // An iterator expires five minutes after it was handed out (a laptop
  // that slept); the new one resumes after the last record read, so
  // nothing is read twice.
  async #renewIterator(): Promise<void> {
    try {
      this.#iterator = await this.#newIterator();
    } catch {
      // The next poll fails again and retries the renewal.
    }
  }

  async #newIterator(): Promise<string | undefined> {
    const { client, streamName, startingPosition } = this.#options;
    const resume = this.#lastSequenceNumber;

    const output = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: this.shardId,
        ShardIteratorType: resume ? "AFTER_SEQUENCE_NUMBER" : startingPosition,
        StartingSequenceNumber: resume,
      }),
    );
    return output.ShardIterator;
  }

  #backoffMs(): number {
    const base = Math.max(this.#options.pollIntervalMs, 100);
    return Math.min(base * 2 ** (this.#failures - 1), MAX_BACKOFF_MS);
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "UnknownError";
}
