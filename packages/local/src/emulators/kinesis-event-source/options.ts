import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";
import type { OnFailureRecord } from "./on-failure-record";

/** The settings of an event source mapping, as AWS names them. */
export interface KinesisEventSourceSettings {
  /** Most records per invocation; AWS allows 1 to 10,000. */
  batchSize: number;
  /** How long to gather records for a fuller batch; 0 invokes at once. */
  maximumBatchingWindowSeconds: number;
  startingPosition: "LATEST" | "TRIM_HORIZON";
  /** Split a batch in two when the function fails, to isolate records. */
  bisectBatchOnFunctionError: boolean;
  /** Retries of a failed batch before it is given up; -1 is no limit. */
  maximumRetryAttempts: number;
  /** Records older than this are not retried; -1 is no limit. */
  maximumRecordAgeSeconds: number;
  /** Batches per shard at once, 1 to 10; order holds per partition key. */
  parallelizationFactor: number;
  /** Read `{ batchItemFailures }` results to retry from a record. */
  reportBatchItemFailures: boolean;
}

/** Settings of the local event source mapping. */
export interface KinesisEventSourceOptions {
  /** A client of the stream's Kinesis, with an HTTP/1.1 handler. */
  client: KinesisClient;
  streamName: string;
  streamArn: string;
  region: string;
  function: LocalFunction;
  settings: KinesisEventSourceSettings;
  /**
   * Pause after a read that found nothing new. AWS polls each shard
   * about once a second; locally the default is 250 ms, so deliveries
   * feel immediate.
   */
  pollIntervalMs?: number;
  /**
   * First pause before retrying a failed batch, doubled per retry up to
   * 20 times as long; default 100 ms.
   */
  retryDelayMs?: number;
  /** `invokeIdentityArn` of every record; a role in the local account. */
  invokeIdentityArn?: string;
  /**
   * Receives what AWS sends an on-failure destination when it gives up
   * a batch. The mapping moves on past the batch either way; an error
   * here is logged and not retried.
   */
  onFailure: (record: OnFailureRecord) => Promise<void>;
  logger?: Logger;
}

/** Counters of what the mapping has done, for tests and logs. */
export interface KinesisEventSourceStats {
  /** Shards being read now. */
  shards: number;
  invocations: number;
  functionErrors: number;
  retries: number;
  bisections: number;
  /** Records in batches that succeeded, checkpointed past. */
  recordsProcessed: number;
  /** Records given up and sent to `onFailure`. */
  recordsDiscarded: number;
}
