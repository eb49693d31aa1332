/**
 * Delivery function.
 *
 * Trigger: the Kinesis event source mapping on the chat stream, with
 * partial batch responses, bisect on error and an on-failure destination.
 * Side effects: posts each record's chunks to the open connections of the
 * conversation's user, moving each connection's delivery cursor (so a
 * retried record is not posted twice); deletes connections that are gone.
 * Contract: records are delivered in stream order. After the first record
 * that fails, the rest of the batch is reported failed without being
 * posted, so the retry resumes from that record and no client sees a
 * later chunk before an earlier one. A record that is not a chunk record
 * is logged and skipped: retrying cannot fix it, and it stays readable in
 * the archive.
 */
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from "@aws-lambda-powertools/batch";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { decodeChunkRecord, deliverRecord } from "@chat-stream/core";
import type {
  Context,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from "aws-lambda";
import { dependencies } from "./shared/dependencies";
import { logger } from "./shared/logger";
import { metrics } from "./shared/metrics";

export async function handler(event: KinesisStreamEvent, context: Context) {
  const started = Date.now();
  const { connections, chunks, sender } = dependencies();
  const tally = { sent: 0, gone: 0, skipped: 0, poison: 0, held: 0 };
  let failedAt: string | undefined;

  const deliverOne = async (record: KinesisStreamRecord) => {
    const { sequenceNumber } = record.kinesis;
    if (failedAt) {
      tally.held++;
      throw new Error(`Held back behind failed record "${failedAt}".`);
    }

    let chunkRecord: ReturnType<typeof decodeChunkRecord>;
    try {
      chunkRecord = decodeChunkRecord(
        Buffer.from(record.kinesis.data, "base64"),
      );
    } catch (error) {
      tally.poison++;
      logger.error("record skipped", {
        sequence_number: sequenceNumber,
        error: String(error),
      });
      return;
    }

    try {
      const outcome = await deliverRecord(chunkRecord, {
        connections,
        chunks,
        sender,
      });
      tally.sent += outcome.sent;
      tally.gone += outcome.gone;
      tally.skipped += outcome.skipped;
    } catch (error) {
      failedAt = sequenceNumber;
      throw error;
    }
  };

  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const response = await processPartialResponse(event, deliverOne, processor, {
    context,
    processInParallel: false,
  });

  metrics.addMetric("FramesSent", MetricUnit.Count, tally.sent);
  metrics.addMetric("ConnectionsGone", MetricUnit.Count, tally.gone);
  metrics.addMetric("PoisonRecords", MetricUnit.Count, tally.poison);
  metrics.addMetric(
    "RecordsFailed",
    MetricUnit.Count,
    response.batchItemFailures.length,
  );
  metrics.publishStoredMetrics();

  logger.info("batch delivered", {
    batch_size: event.Records.length,
    shard: event.Records[0]?.eventID.split(":")[0],
    failed: response.batchItemFailures.length,
    ...tally,
    duration_ms: Date.now() - started,
  });
  return response;
}
