import type { _Record } from "@aws-sdk/client-kinesis";

/** Why the mapping gave up a batch. */
export type OnFailureCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

/**
 * What AWS sends an on-failure destination about a discarded batch. It
 * names the records by sequence numbers; it does not carry their data.
 */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: OnFailureCondition;
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: string;
    /** `Unhandled` when the last invocation failed with an error. */
    functionError?: string;
  };
  version: "1.0";
  /** ISO 8601. */
  timestamp: string;
  KinesisBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** The facts of a given-up batch that go into its record. */
export interface GivenUpBatch {
  records: readonly _Record[];
  shardId: string;
  streamArn: string;
  functionArn: string;
  condition: OnFailureCondition;
  invokeCount: number;
  lastRequestId: string;
  lastFailedWithError: boolean;
}

/** The on-failure record of a batch the mapping gave up. */
export function onFailureRecord(batch: GivenUpBatch): OnFailureRecord {
  const first = batch.records[0];
  const last = batch.records.at(-1);

  return {
    requestContext: {
      requestId: batch.lastRequestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: "$LATEST",
      ...(batch.lastFailedWithError && { functionError: "Unhandled" }),
    },
    version: "1.0",
    timestamp: new Date().toISOString(),
    KinesisBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first?.SequenceNumber ?? "",
      endSequenceNumber: last?.SequenceNumber ?? "",
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}

function arrival(record: _Record | undefined): string {
  return (record?.ApproximateArrivalTimestamp ?? new Date()).toISOString();
}
