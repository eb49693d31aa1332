import { type KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { type ChunkRecord, encodeChunkRecord } from "../chunk-record";

/** Puts chunk records on the stream. */
export interface ChunkPublisher {
  /** Puts one record; resolves once the stream has stored it. */
  publish(record: ChunkRecord): Promise<void>;
}

/**
 * {@link ChunkPublisher} on a Kinesis Data Stream. The partition key is
 * the conversation, so a conversation's records share a shard; each put
 * names the previous one's sequence number, which makes Kinesis keep them
 * in put order even if a retried call lands late.
 */
export class KinesisChunkPublisher implements ChunkPublisher {
  private lastSequenceNumber: string | undefined;

  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
  ) {}

  async publish(record: ChunkRecord): Promise<void> {
    const result = await this.client.send(
      new PutRecordCommand({
        StreamName: this.streamName,
        PartitionKey: record.conversationId,
        Data: encodeChunkRecord(record),
        SequenceNumberForOrdering: this.lastSequenceNumber,
      }),
    );
    this.lastSequenceNumber = result.SequenceNumber;
  }
}
