import type { _Record } from "@aws-sdk/client-kinesis";
import type { KinesisStreamEvent } from "aws-lambda";

/** Where records come from and who reads them, for every record. */
export interface RecordSource {
  shardId: string;
  streamArn: string;
  region: string;
  invokeIdentityArn: string;
}

/** The event Lambda passes a function for a batch of Kinesis records. */
export function kinesisEvent(
  records: readonly _Record[],
  source: RecordSource,
): KinesisStreamEvent {
  return {
    Records: records.map((record) => {
      const sequenceNumber = record.SequenceNumber ?? "";
      return {
        kinesis: {
          kinesisSchemaVersion: "1.0",
          partitionKey: record.PartitionKey ?? "",
          sequenceNumber,
          data: Buffer.from(record.Data ?? []).toString("base64"),
          approximateArrivalTimestamp: arrivalSeconds(record),
        },
        eventSource: "aws:kinesis",
        eventVersion: "1.0",
        eventID: `${source.shardId}:${sequenceNumber}`,
        eventName: "aws:kinesis:record",
        invokeIdentityArn: source.invokeIdentityArn,
        awsRegion: source.region,
        eventSourceARN: source.streamArn,
      };
    }),
  };
}

/** Epoch seconds with a fraction, as the event carries arrival times. */
function arrivalSeconds(record: _Record): number {
  return (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1_000;
}
