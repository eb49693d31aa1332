import { createHash } from "node:crypto";
import type { _Record } from "@aws-sdk/client-kinesis";
import {
  isExpiredIterator,
  type ShardReader,
} from "../../kinesis/shard-reader";
import { abortableSleep } from "../abortable-sleep";
import { type BatchContext, processBatch } from "./batch-processor";

/** Lambda's invocation payload limit; a batch's event stays under it. */
const maximumEventBytes = 6 * 1024 * 1024;

/** Bytes a record adds to an event besides its base64 data. */
const recordOverheadBytes = 512;

/** Pause after a failed read, so a broken stream is not hammered. */
const errorPauseMs = 1_000;

/** How a shard consumer paces itself. */
export interface ConsumerPacing {
  pollIntervalMs: number;
}

/**
 * Reads a shard and delivers its records in batches, one batch at a
 * time, in order. With a parallelization factor above 1, records are
 * spread over that many lanes by a hash of their partition key, and the
 * lanes run at once: order holds per partition key, as in AWS. Resolves
 * `finished` when a closed shard has been read to its end.
 */
export async function consumeShard(
  reader: ShardReader,
  context: BatchContext,
  pacing: ConsumerPacing,
): Promise<"finished" | "stopped"> {
  const { batchSize, parallelizationFactor, maximumBatchingWindowSeconds } =
    context.settings;
  const capacity = batchSize * parallelizationFactor;
  const windowMs = maximumBatchingWindowSeconds * 1_000;
  const buffer: _Record[] = [];
  let gatheringSince: number | undefined;

  while (!context.signal.aborted) {
    const fetched =
      buffer.length < capacity
        ? await readRecords(reader, capacity - buffer.length, context)
        : [];
    buffer.push(...fetched);

    if (buffer.length === 0) {
      if (reader.finished) return "finished";
      await abortableSleep(pacing.pollIntervalMs, context.signal);
      continue;
    }

    // A batching window waits for a full batch, up to its length.
    gatheringSince ??= Date.now();
    const waitedMs = Date.now() - gatheringSince;
    if (buffer.length < batchSize && !reader.finished && waitedMs < windowMs) {
      if (fetched.length === 0) {
        const leftMs = windowMs - waitedMs;
        await abortableSleep(
          Math.min(pacing.pollIntervalMs, leftMs),
          context.signal,
        );
      }
      continue;
    }

    const taken = buffer.splice(0, capacity);
    gatheringSince = buffer.length > 0 ? Date.now() : undefined;
    const lanes = spreadOverLanes(taken, parallelizationFactor);
    const done = await Promise.all(
      lanes.map((lane) => deliverLane(lane, context)),
    );
    if (done.includes(false)) return "stopped";
  }
  return "stopped";
}

/**
 * Up to `limit` next records; none when there is nothing new, when the
 * read failed (after a pause) or when the mapping is closing.
 */
async function readRecords(
  reader: ShardReader,
  limit: number,
  context: BatchContext,
): Promise<_Record[]> {
  try {
    const { records } = await reader.read(limit);
    return records;
  } catch (error) {
    // Not worth a warning: the reader renews the iterator on the next
    // read, from where it stopped.
    if (isExpiredIterator(error)) return [];

    context.logger.warn("kinesis read failed", {
      shard_id: reader.shardId,
      error: String(error),
    });
    await abortableSleep(errorPauseMs, context.signal);
    return [];
  }
}

/** Delivers one lane's records in batches, in order. */
async function deliverLane(
  records: readonly _Record[],
  context: BatchContext,
): Promise<boolean> {
  for (const batch of batches(records, context.settings.batchSize)) {
    if (!(await processBatch(batch, context))) return false;
  }
  return true;
}

/** Cuts records into batches by count and by event size. */
function batches(records: readonly _Record[], batchSize: number): _Record[][] {
  const result: _Record[][] = [];
  let current: _Record[] = [];
  let currentBytes = 0;

  for (const record of records) {
    const bytes =
      Math.ceil(((record.Data?.byteLength ?? 0) * 4) / 3) + recordOverheadBytes;
    const full =
      current.length >= batchSize || currentBytes + bytes > maximumEventBytes;
    if (full && current.length > 0) {
      result.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += bytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function spreadOverLanes(
  records: readonly _Record[],
  lanes: number,
): _Record[][] {
  if (lanes <= 1) return [records.slice()];

  const spread: _Record[][] = Array.from({ length: lanes }, () => []);
  for (const record of records) {
    const hash = createHash("md5")
      .update(record.PartitionKey ?? "")
      .digest();
    spread[hash.readUInt32BE(0) % lanes]?.push(record);
  }
  return spread.filter((lane) => lane.length > 0);
}
