import { ShardReader } from "../kinesis/shard-reader";
import { EmulatorError } from "./errors";
import type { BatchContext } from "./kinesis-event-source/batch-processor";
import type {
  KinesisEventSourceOptions,
  KinesisEventSourceStats,
} from "./kinesis-event-source/options";
import { consumeShard } from "./kinesis-event-source/shard-consumer";
import {
  listShards,
  type ShardInfo,
} from "./kinesis-event-source/shard-discovery";
import { functionArn, localAccountId } from "./lambda-context";
import { type Logger, silentLogger } from "./logger";

export type {
  OnFailureCondition,
  OnFailureRecord,
} from "./kinesis-event-source/on-failure-record";
export type {
  KinesisEventSourceOptions,
  KinesisEventSourceSettings,
  KinesisEventSourceStats,
} from "./kinesis-event-source/options";

/** A running event source mapping. */
export interface KinesisEventSource {
  /**
   * Resolves once every shard to start with has an iterator: records
   * put after that reach a `LATEST` mapping. Rejects with an
   * {@link EmulatorError} (`stream_not_found`) when the stream is not
   * there; the rejection is also logged, so it need not be awaited.
   */
  ready: Promise<void>;
  /** Stops polling and waits for the batches being delivered. */
  close(): Promise<void>;
  stats(): KinesisEventSourceStats;
}

/**
 * Starts an emulator of Lambda's event source mapping for a Kinesis
 * stream: it discovers the shards with ListShards, reads each with its
 * own iterator, delivers one batch at a time per shard, in order, and
 * retries, splits and gives up batches as AWS documents. Children of a
 * split or merged shard start once their parents are read to the end.
 *
 * Differences from AWS: shards are polled every `pollIntervalMs` (AWS:
 * about once a second); a batch is always invoked once before record
 * age is checked; enhanced fan-out, filters and tumbling windows are not
 * emulated; with a parallelization factor, the next records are read
 * only when every lane is done.
 */
export function startKinesisEventSource(
  options: KinesisEventSourceOptions,
): KinesisEventSource {
  const mapping = new EventSourceMapping(options);
  const ready = mapping.start();
  ready.catch(() => {});
  return {
    ready,
    close: () => mapping.close(),
    stats: () => mapping.stats(),
  };
}

class EventSourceMapping {
  private readonly stopped = new AbortController();
  private readonly logger: Logger;
  private readonly counters: KinesisEventSourceStats = {
    shards: 0,
    invocations: 0,
    functionErrors: 0,
    retries: 0,
    bisections: 0,
    recordsProcessed: 0,
    recordsDiscarded: 0,
  };
  private readonly started = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly consumers = new Set<Promise<void>>();
  private starting: Promise<void> = Promise.resolve();

  constructor(private readonly options: KinesisEventSourceOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    this.starting = this.discover(this.options.settings.startingPosition, true);
    try {
      await this.starting;
    } catch (cause) {
      const error = this.stopped.signal.aborted
        ? undefined
        : new EmulatorError(
            "stream_not_found",
            `Could not read Kinesis stream "${this.options.streamName}"; ` +
              "create it before starting its event source.",
            { cause },
          );
      if (!error) return;
      this.logger.error("kinesis event source not started", {
        stream_name: this.options.streamName,
        error: String(cause),
      });
      throw error;
    }
  }

  async close(): Promise<void> {
    this.stopped.abort();
    await this.starting.catch(() => {});
    while (this.consumers.size > 0) {
      await Promise.allSettled([...this.consumers]);
    }
  }

  stats(): KinesisEventSourceStats {
    return { ...this.counters };
  }

  /**
   * Starts the shards that are due: those whose parents are read to the
   * end. At the first discovery with `LATEST`, closed shards are skipped,
   * since nothing new can arrive in them.
   */
  private async discover(
    position: "LATEST" | "TRIM_HORIZON",
    initial: boolean,
  ): Promise<void> {
    const { client, streamName } = this.options;
    const shards = await listShards(client, streamName, this.stopped.signal);
    const known = new Set(shards.map((shard) => shard.shardId));

    if (initial && position === "LATEST") {
      for (const shard of shards) {
        if (shard.closed) this.finished.add(shard.shardId);
      }
    }

    const due = shards.filter((shard) => this.isDue(shard, known));
    const readers = due.map((shard) => {
      this.started.add(shard.shardId);
      return new ShardReader({
        client,
        streamName,
        shardId: shard.shardId,
        startingPosition: position,
        signal: this.stopped.signal,
      });
    });
    await Promise.all(readers.map((reader) => reader.open()));

    for (const reader of readers) this.consume(reader);
  }

  private isDue(shard: ShardInfo, known: ReadonlySet<string>): boolean {
    if (this.started.has(shard.shardId) || this.finished.has(shard.shardId)) {
      return false;
    }
    return shard.parentIds.every(
      (parentId) => this.finished.has(parentId) || !known.has(parentId),
    );
  }

  private consume(reader: ShardReader) {
    this.counters.shards += 1;
    const run = consumeShard(reader, this.batchContext(reader.shardId), {
      pollIntervalMs: this.options.pollIntervalMs ?? 250,
    })
      .then(async (result) => {
        this.counters.shards -= 1;
        if (result !== "finished" || this.stopped.signal.aborted) return;

        this.finished.add(reader.shardId);
        this.logger.info("kinesis shard finished", {
          shard_id: reader.shardId,
        });
        await this.discover("TRIM_HORIZON", false);
      })
      .catch((error: unknown) => {
        if (this.stopped.signal.aborted) return;
        this.logger.error("kinesis shard consumer failed", {
          shard_id: reader.shardId,
          error: String(error),
        });
      })
      .finally(() => this.consumers.delete(run));
    this.consumers.add(run);
  }

  private batchContext(shardId: string): BatchContext {
    const { options } = this;
    const fn = options.function;
    return {
      fn,
      functionArn: functionArn(fn.name, options.region),
      source: {
        shardId,
        streamArn: options.streamArn,
        region: options.region,
        invokeIdentityArn:
          options.invokeIdentityArn ??
          `arn:aws:iam::${localAccountId}:role/${fn.name}-role`,
      },
      settings: options.settings,
      retryDelayMs: options.retryDelayMs ?? 100,
      onFailure: options.onFailure,
      stats: this.counters,
      logger: this.logger,
      signal: this.stopped.signal,
    };
  }
}
