import type { _Record } from "@aws-sdk/client-kinesis";
import { abortableSleep } from "../abortable-sleep";
import { invokeLocalFunction, type LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";
import { type BatchVerdict, readBatchResponse } from "./batch-response";
import { kinesisEvent, type RecordSource } from "./kinesis-event";
import {
  type OnFailureCondition,
  type OnFailureRecord,
  onFailureRecord,
} from "./on-failure-record";
import type {
  KinesisEventSourceSettings,
  KinesisEventSourceStats,
} from "./options";

/** What processing a batch needs; shared by the batches of a shard. */
export interface BatchContext {
  fn: LocalFunction;
  functionArn: string;
  source: RecordSource;
  settings: KinesisEventSourceSettings;
  retryDelayMs: number;
  onFailure: (record: OnFailureRecord) => Promise<void>;
  stats: KinesisEventSourceStats;
  logger: Logger;
  /** Aborts when the mapping closes: no further attempts start. */
  signal: AbortSignal;
}

/** A run of records being tried, with its own retry count. */
interface Attempt {
  records: readonly _Record[];
  retries: number;
  invocations: number;
  lastRequestId: string;
  lastFailedWithError: boolean;
}

/**
 * Delivers a batch the way Lambda's Kinesis event source mapping does,
 * until every record is either processed or given up:
 *
 * - A failed batch is retried, after a pause that doubles each time, up
 *   to `maximumRetryAttempts`; a batch with a record older than
 *   `maximumRecordAgeSeconds` is not retried.
 * - A function error with `bisectBatchOnFunctionError` splits the batch
 *   in two, each half tried in order; a split is not a retry.
 * - With `reportBatchItemFailures`, a partial failure checkpoints before
 *   the lowest failed record and retries from it, which counts as a
 *   retry.
 * - A batch given up goes to `onFailure`, and processing moves past it.
 *
 * Resolves `false` when the mapping closed before the batch was done;
 * the records left are then neither processed nor given up.
 */
export async function processBatch(
  records: readonly _Record[],
  context: BatchContext,
): Promise<boolean> {
  const pending: Attempt[] = [newAttempt(records, 0)];

  while (pending.length > 0) {
    if (context.signal.aborted) return false;
    const attempt = pending[0] as Attempt;

    if (attempt.invocations > 0 && tooOld(attempt.records, context)) {
      await giveUp(attempt, "RecordAgeExceeded", context);
      pending.shift();
      continue;
    }

    const verdict = await invoke(attempt, context);
    if (verdict.kind === "success") {
      context.stats.recordsProcessed += attempt.records.length;
      pending.shift();
      continue;
    }

    if (verdict.kind === "partial") {
      context.stats.recordsProcessed += verdict.retryFrom;
      attempt.records = attempt.records.slice(verdict.retryFrom);
    }

    const { bisectBatchOnFunctionError } = context.settings;
    if (
      verdict.kind === "function-error" &&
      bisectBatchOnFunctionError &&
      attempt.records.length > 1
    ) {
      const middle = Math.ceil(attempt.records.length / 2);
      pending.splice(
        0,
        1,
        newAttempt(attempt.records.slice(0, middle), attempt.retries),
        newAttempt(attempt.records.slice(middle), attempt.retries),
      );
      context.stats.bisections += 1;
      continue;
    }

    const { maximumRetryAttempts } = context.settings;
    if (
      maximumRetryAttempts !== -1 &&
      attempt.retries >= maximumRetryAttempts
    ) {
      await giveUp(attempt, "RetryAttemptsExhausted", context);
      pending.shift();
      continue;
    }

    attempt.retries += 1;
    context.stats.retries += 1;
    const delayMs = Math.min(
      context.retryDelayMs * 2 ** (attempt.retries - 1),
      context.retryDelayMs * 20,
    );
    await abortableSleep(delayMs, context.signal);
  }
  return true;
}

function newAttempt(records: readonly _Record[], retries: number): Attempt {
  return {
    records,
    retries,
    invocations: 0,
    lastRequestId: "",
    lastFailedWithError: false,
  };
}

async function invoke(
  attempt: Attempt,
  context: BatchContext,
): Promise<BatchVerdict | { kind: "function-error" }> {
  const { fn, source, settings, stats, logger } = context;
  const event = kinesisEvent(attempt.records, source);
  const outcome = await invokeLocalFunction(fn, event, {
    region: source.region,
  });

  attempt.invocations += 1;
  attempt.lastRequestId = outcome.awsRequestId;
  attempt.lastFailedWithError = !outcome.ok;
  stats.invocations += 1;
  if (!outcome.ok) stats.functionErrors += 1;

  const verdict = outcome.ok
    ? readBatchResponse(
        outcome.result,
        attempt.records.map((record) => record.SequenceNumber ?? ""),
        settings.reportBatchItemFailures,
      )
    : ({ kind: "function-error" } as const);

  logger.info("kinesis batch", {
    function_name: fn.name,
    shard_id: source.shardId,
    batch_size: attempt.records.length,
    retry: attempt.retries,
    outcome: verdict.kind,
    ...(verdict.kind === "partial" && {
      failed_from: verdict.retryFrom,
    }),
    duration_ms: outcome.durationMs,
  });
  return verdict;
}

function tooOld(records: readonly _Record[], context: BatchContext): boolean {
  const maximumAgeSeconds = context.settings.maximumRecordAgeSeconds;
  const oldest = records[0]?.ApproximateArrivalTimestamp;
  if (maximumAgeSeconds === -1 || !oldest) return false;
  return Date.now() - oldest.getTime() > maximumAgeSeconds * 1_000;
}

async function giveUp(
  attempt: Attempt,
  condition: OnFailureCondition,
  context: BatchContext,
): Promise<void> {
  const { source, stats, logger } = context;
  stats.recordsDiscarded += attempt.records.length;
  logger.warn("kinesis batch discarded", {
    shard_id: source.shardId,
    batch_size: attempt.records.length,
    condition,
    invoke_count: attempt.invocations,
  });

  const record = onFailureRecord({
    records: attempt.records,
    shardId: source.shardId,
    streamArn: source.streamArn,
    functionArn: context.functionArn,
    condition,
    invokeCount: attempt.invocations,
    lastRequestId: attempt.lastRequestId,
    lastFailedWithError: attempt.lastFailedWithError,
  });
  try {
    await context.onFailure(record);
  } catch (error) {
    logger.error("on-failure destination failed", {
      shard_id: source.shardId,
      error: String(error),
    });
  }
}
