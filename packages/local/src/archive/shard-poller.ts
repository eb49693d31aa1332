import type { _Record } from "@aws-sdk/client-kinesis";
import { ShardReader, type ShardReaderOptions } from "../kinesis/shard-reader";
import { MAX_BACKOFF_MS, MAX_FAILURES_WHILE_DRAINING } from "./constants";
import { ArchiveError } from "./errors";
import { Pause } from "./pause";
import type { ArchiveLogger } from "./types";

export interface ShardPollerOptions extends Omit<ShardReaderOptions, "signal"> {
  pollIntervalMs: number;
  logger: ArchiveLogger;
  /** Receives each non-empty GetRecords batch, in shard order. */
  onRecords: (records: _Record[]) => void;
}

/**
 * Polls one shard the way Firehose does: reads in a loop, with a pause
 * whenever the shard is caught up and a growing one after each failed
 * read, until the shard is closed or it is asked to drain.
 */
export class ShardPoller {
  readonly shardId: string;
  readonly #options: ShardPollerOptions;
  readonly #reader: ShardReader;
  readonly #pause = new Pause();
  #draining = false;
  #failures = 0;

  constructor(options: ShardPollerOptions) {
    this.shardId = options.shardId;
    this.#options = options;
    this.#reader = new ShardReader(options);
  }

  /**
   * Takes the first iterator. Awaiting it before any record is put makes
   * `LATEST` include that record.
   */
  async open(): Promise<void> {
    try {
      await this.#reader.open();
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
    while (!this.#reader.finished) {
      const outcome = await this.#poll();

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

  /** Asks the poller to read what is left and stop. */
  drain(): void {
    this.#draining = true;
    this.#pause.wake();
  }

  async #poll(): Promise<"empty" | "read" | "behind" | "failed"> {
    const { logger, onRecords } = this.#options;

    try {
      const { records, millisBehindLatest } = await this.#reader.read();
      this.#failures = 0;
      if (records.length === 0) {
        return "empty";
      }

      onRecords(records);
      return millisBehindLatest > 0 ? "behind" : "read";
    } catch (error) {
      // An expired iterator counts as a failure too: the reader renews
      // it on the next poll, after the backoff.
      this.#failures += 1;
      logger.warn("shard read failed", {
        shard_id: this.shardId,
        error_name: errorName(error),
        failures: this.#failures,
      });
      return "failed";
    }
  }

  #backoffMs(): number {
    const base = Math.max(this.#options.pollIntervalMs, 100);
    return Math.min(base * 2 ** (this.#failures - 1), MAX_BACKOFF_MS);
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "UnknownError";
}
