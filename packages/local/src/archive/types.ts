import type { KinesisClient } from "@aws-sdk/client-kinesis";

/**
 * Where the archiver logs. Powertools' Logger and the core package's
 * logger both satisfy it; without one the archiver is silent.
 */
export interface ArchiveLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Where a reader starts in each shard that exists at start-up. */
export type StartingPosition = "LATEST" | "TRIM_HORIZON";

export interface ArchiverOptions {
  client: KinesisClient;
  /** The source stream; addressed by name, as kinesalite requires. */
  streamName: string;
  /** The delivery stream's name; it starts every object name. */
  deliveryStreamName: string;
  /** The local bucket folder, for example `.local/archive`. */
  directory: string;
  /** Longest time a record waits in the buffer (Firehose: 0-900 s). */
  bufferingIntervalSeconds: number;
  /** Buffer size that triggers a write, uncompressed (Firehose: 1-128). */
  bufferingSizeMiB: number;
  /** Overrides `bufferingSizeMiB` with a size in bytes, for tests. */
  bufferingSizeBytes?: number;
  /** Pause between two polls of a caught-up shard. Default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * Where to start in the shards that exist at start-up. Default
   * `LATEST`, as AWS does for a Kinesis-sourced delivery stream; shards
   * created later by resharding are always read from their start.
   */
  startingPosition?: StartingPosition;
  logger?: ArchiveLogger;
  /** Epoch milliseconds; for records without an arrival time. */
  clock?: () => number;
  /** Makes the unique tail of object names. Default `randomUUID`. */
  newId?: () => string;
}

/** A count of what the archiver has done so far. */
export interface ArchiverStats {
  shards: number;
  recordsRead: number;
  bytesRead: number;
  objectsWritten: number;
  recordsWritten: number;
  /** Uncompressed bytes in written objects. */
  bytesWritten: number;
  compressedBytesWritten: number;
  bufferedRecords: number;
  bufferedBytes: number;
  /** Sealed objects waiting to be written (after a failed write). */
  pendingObjects: number;
  writeFailures: number;
  /** Key of the newest object, relative to the bucket folder. */
  lastObjectKey: string | undefined;
}

export interface Archiver {
  /**
   * Resolves once every shard has its first iterator; rejects with an
   * `ArchiveError` when the stream cannot be read.
   */
  readonly ready: Promise<void>;
  /** Writes what is buffered now, without waiting for size or time. */
  flush(): Promise<void>;
  /**
   * Reads every shard until it is caught up, stops polling, then writes
   * the buffer as the last object. Calling it again returns the same
   * promise.
   */
  close(): Promise<void>;
  stats(): ArchiverStats;
}
