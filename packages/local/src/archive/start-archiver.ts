import { randomUUID } from "node:crypto";
import {
  type _Record,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { ArchiveBuffer, type SealedBatch } from "./archive-buffer";
import { archiveObjectKey } from "./archive-object-key";
import { DEFAULT_POLL_INTERVAL_MS, MIB } from "./constants";
import { ArchiveError } from "./errors";
import { ShardPoller } from "./shard-poller";
import type {
  ArchiveLogger,
  Archiver,
  ArchiverOptions,
  ArchiverStats,
} from "./types";
import { writeArchiveObject } from "./write-archive-object";

const silentLogger: ArchiveLogger = { info() {}, warn() {}, error() {} };

/**
 * Starts a local stand-in for a Firehose delivery stream whose source is
 * a Kinesis stream and whose destination is S3 with GZIP: it reads every
 * shard, concatenates record data as it is (no delimiter is added),
 * buffers until the size or the interval is reached, and writes each
 * buffer as one object under `<directory>/records/dt=YYYY-MM-DD/`.
 *
 * Like Firehose without a processor it does not look inside records: a
 * line that is not JSON is archived too, and readers skip it.
 *
 * The archiver returns at once and starts in the background; its
 * `ready` promise resolves once every shard has its first iterator, so
 * a record put after that is archived even from `LATEST`.
 *
 * @throws {ArchiveError} `invalid_options` for impossible buffering
 *   hints; `ready` rejects with `list_shards_failed` or
 *   `get_shard_iterator_failed` when the stream cannot be read.
 */
export function startArchiver(options: ArchiverOptions): Archiver {
  return new LocalArchiver(options, resolveSettings(options));
}

interface Settings {
  sizeBytes: number;
  intervalMs: number;
  pollIntervalMs: number;
  logger: ArchiveLogger;
  clock: () => number;
  newId: () => string;
}

function resolveSettings(options: ArchiverOptions): Settings {
  const sizeBytes =
    options.bufferingSizeBytes ?? options.bufferingSizeMiB * MIB;
  const intervalMs = options.bufferingIntervalSeconds * 1000;

  if (!(sizeBytes > 0) || !(intervalMs >= 0)) {
    throw new ArchiveError(
      "invalid_options",
      `Buffering hints "${sizeBytes} bytes, ${intervalMs} ms" are ` +
        "invalid; use a positive size and an interval of 0 or more.",
    );
  }

  return {
    sizeBytes,
    intervalMs,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? Date.now,
    newId: options.newId ?? randomUUID,
  };
}

async function listShards(
  client: KinesisClient,
  streamName: string,
): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;

  try {
    do {
      // ListShards takes either the stream name or a token, never both.
      const output = await client.send(
        new ListShardsCommand(
          nextToken ? { NextToken: nextToken } : { StreamName: streamName },
        ),
      );
      shards.push(...(output.Shards ?? []));
      nextToken = output.NextToken;
    } while (nextToken);
  } catch (error) {
    throw new ArchiveError(
      "list_shards_failed",
      `Could not list the shards of stream "${streamName}"; ` +
        "check that it exists and that the endpoint is right.",
      { cause: error },
    );
  }
  return shards;
}

class LocalArchiver implements Archiver {
  readonly #options: ArchiverOptions;
  readonly #settings: Settings;
  readonly #buffer: ArchiveBuffer;
  readonly #readers = new Map<string, Promise<unknown>>();
  readonly #running = new Set<ShardPoller>();
  readonly #pending: SealedBatch[] = [];
  #intervalTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  readonly ready: Promise<void>;
  #stats = {
    recordsRead: 0,
    bytesRead: 0,
    objectsWritten: 0,
    recordsWritten: 0,
    bytesWritten: 0,
    compressedBytesWritten: 0,
    writeFailures: 0,
    lastObjectKey: undefined as string | undefined,
  };

  constructor(options: ArchiverOptions, settings: Settings) {
    this.#options = options;
    this.#settings = settings;
    this.#buffer = new ArchiveBuffer(settings.sizeBytes);

    this.ready = this.#start();
    // The failure is logged here and reported through `ready`; without
    // this handler a caller that never awaits `ready` would crash.
    this.ready.catch((error: unknown) => {
      this.#settings.logger.error("archiver did not start", {
        stream_name: this.#options.streamName,
        error_code: error instanceof ArchiveError ? error.code : undefined,
      });
    });
  }

  async #start(): Promise<void> {
    const { client, streamName } = this.#options;
    const shards = await listShards(client, streamName);
    const position = this.#options.startingPosition ?? "LATEST";
    const ids = shards.flatMap((shard) => shard.ShardId ?? []);
    const readers = ids.map((id) => this.#newReader(id, position));

    await Promise.all(readers.map((reader) => reader.open()));
    for (const reader of readers) {
      this.#run(reader);
    }

    this.#settings.logger.info("archiver started", {
      stream_name: this.#options.streamName,
      delivery_stream_name: this.#options.deliveryStreamName,
      shards: ids.length,
      starting_position: position,
      buffering_size_bytes: this.#settings.sizeBytes,
      buffering_interval_ms: this.#settings.intervalMs,
    });
  }

  flush(): Promise<void> {
    this.#seal();
    return this.#drainWrites();
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  stats(): ArchiverStats {
    return {
      ...this.#stats,
      shards: this.#readers.size,
      bufferedRecords: this.#buffer.records,
      bufferedBytes: this.#buffer.bytes,
      pendingObjects: this.#pending.length,
    };
  }

  async #close(): Promise<void> {
    // A stream that could not be read leaves nothing to drain.
    await this.ready.catch(() => {});

    // Readers stop only once caught up, so every record put before
    // close() is in the last object.
    for (const reader of this.#running) {
      reader.drain();
    }
    while (this.#running.size > 0) {
      await Promise.all(this.#readers.values());
    }

    clearTimeout(this.#retryTimer);
    await this.flush();
    this.#settings.logger.info("archiver closed", this.#summary());
  }

  #newReader(shardId: string, position: "LATEST" | "TRIM_HORIZON") {
    return new ShardPoller({
      client: this.#options.client,
      streamName: this.#options.streamName,
      shardId,
      startingPosition: position,
      pollIntervalMs: this.#settings.pollIntervalMs,
      logger: this.#settings.logger,
      onRecords: (records) => this.#accept(records),
    });
  }

  #run(reader: ShardPoller): void {
    this.#running.add(reader);
    // A child shard found while closing is read to its end too.
    if (this.#closing) {
      reader.drain();
    }

    const done = reader
      .run()
      .then((outcome) => {
        if (outcome === "closed") {
          return this.#startChildShards();
        }
      })
      .catch((error: unknown) => {
        this.#settings.logger.error("shard reader stopped", {
          shard_id: reader.shardId,
          error_name: error instanceof Error ? error.name : "UnknownError",
        });
      })
      .finally(() => this.#running.delete(reader));
    this.#readers.set(reader.shardId, done);
  }

  // A closed shard was split or merged: its children hold what follows,
  // from their first record on.
  async #startChildShards(): Promise<void> {
    const shards = await listShards(
      this.#options.client,
      this.#options.streamName,
    );
    const fresh = shards.filter(
      (shard) => shard.ShardId && !this.#readers.has(shard.ShardId),
    );

    for (const shard of fresh) {
      const reader = this.#newReader(shard.ShardId ?? "", "TRIM_HORIZON");
      await reader.open();
      this.#run(reader);
    }
  }

  #accept(records: readonly _Record[]): void {
    for (const record of records) {
      const data = record.Data ?? new Uint8Array();
      const arrivalMs =
        record.ApproximateArrivalTimestamp?.getTime() ?? this.#settings.clock();

      // Seal first when this record would take the object past the size
      // hint, so objects stay within it unless one record is larger.
      if (this.#buffer.wouldOverflow(data.length)) {
        this.#sealAndWrite();
      }
      if (this.#buffer.isEmpty) {
        this.#startIntervalTimer();
      }

      this.#buffer.add(data, arrivalMs);
      this.#stats.recordsRead += 1;
      this.#stats.bytesRead += data.length;

      if (this.#buffer.isFull) {
        this.#sealAndWrite();
      }
    }
  }

  // The interval counts from the first record into an empty buffer.
  #startIntervalTimer(): void {
    clearTimeout(this.#intervalTimer);
    this.#intervalTimer = setTimeout(
      () => this.#sealAndWrite(),
      this.#settings.intervalMs,
    );
  }

  #sealAndWrite(): void {
    this.#seal();
    this.#drainWrites().catch(() => this.#scheduleRetry());
  }

  #seal(): void {
    clearTimeout(this.#intervalTimer);
    const batch = this.#buffer.seal();
    if (batch) {
      this.#pending.push(batch);
    }
  }

  #scheduleRetry(): void {
    if (this.#closing) {
      return;
    }
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(
      () => this.#drainWrites().catch(() => this.#scheduleRetry()),
      Math.max(this.#settings.intervalMs, 1000),
    );
  }

  // Objects are written one at a time, oldest first; a failed one stays
  // at the head of the queue and is tried again, as Firehose retries S3.
  #drainWrites(): Promise<void> {
    this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        while (this.#pending.length > 0) {
          const batch = this.#pending[0];
          if (batch) {
            await this.#write(batch);
          }
          this.#pending.shift();
        }
      });
    return this.#writing;
  }

  async #write(batch: SealedBatch): Promise<void> {
    const { deliveryStreamName, directory } = this.#options;
    const { clock, logger, newId } = this.#settings;
    const key = archiveObjectKey(
      deliveryStreamName,
      batch.oldestArrivalMs,
      newId(),
    );
    const startedAt = clock();

    try {
      const written = await writeArchiveObject(directory, key, batch.parts);
      this.#stats.objectsWritten += 1;
      this.#stats.recordsWritten += batch.records;
      this.#stats.bytesWritten += written.bytes;
      this.#stats.compressedBytesWritten += written.compressedBytes;
      this.#stats.lastObjectKey = key;

      logger.info("archive object written", {
        key,
        records: batch.records,
        bytes: written.bytes,
        compressed_bytes: written.compressedBytes,
        duration_ms: clock() - startedAt,
      });
    } catch (error) {
      this.#stats.writeFailures += 1;
      logger.error("archive object write failed", {
        key,
        records: batch.records,
        error_name: error instanceof Error ? error.name : "UnknownError",
      });
      throw new ArchiveError(
        "archive_write_failed",
        `Could not write archive object "${key}" under ` +
          `"${directory}"; check that the folder is writable.`,
        { cause: error },
      );
    }
  }

  #summary(): Record<string, unknown> {
    const stats = this.stats();
    return {
      shards: stats.shards,
      records_read: stats.recordsRead,
      objects_written: stats.objectsWritten,
      records_written: stats.recordsWritten,
      write_failures: stats.writeFailures,
    };
  }
}
