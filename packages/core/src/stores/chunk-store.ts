import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
} from "@aws-sdk/lib-dynamodb";
import type { ChunkRecord, SequencedChunk } from "../chunk-record";

/**
 * The replay log: every chunk of recent messages, readable one message at
 * a time, in order. Kinesis cannot serve this (it is not indexed by
 * conversation and keeps records for a day), nor can the archive (it
 * lands minutes later).
 */
export interface ChunkStore {
  /** Keeps the chunks of one record. Idempotent for the same record. */
  append(record: ChunkRecord): Promise<void>;
  /** The chunks of a message with `seq > afterSeq`, in seq order. */
  read(messageId: string, afterSeq: number): Promise<SequencedChunk[]>;
}

/**
 * {@link ChunkStore} on the `Chunks` DynamoDB table: one item per record,
 * keyed by message and first seq, the chunks as one JSON string (so an
 * item costs one write unit per KB, not one per chunk).
 */
export class DynamoChunkStore implements ChunkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {}

  async append(record: ChunkRecord): Promise<void> {
    const first = record.chunks[0];
    const last = record.chunks.at(-1);
    if (!first || !last) return;

    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          messageId: record.messageId,
          seq: first.seq,
          lastSeq: last.seq,
          conversationId: record.conversationId,
          chunks: JSON.stringify(record.chunks),
          expiresAt:
            Math.floor(this.now() / 1000) + this.retentionDays * 86_400,
        },
      }),
    );
  }

  async read(messageId: string, afterSeq: number): Promise<SequencedChunk[]> {
    const chunks: SequencedChunk[] = [];
    // Items are keyed by their first seq, so an item that starts at or
    // before afterSeq may still hold later chunks: filter on lastSeq.
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: "messageId = :id",
        FilterExpression: "lastSeq > :after",
        ExpressionAttributeValues: { ":id": messageId, ":after": afterSeq },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const stored = JSON.parse(String(item.chunks)) as SequencedChunk[];
        chunks.push(...stored.filter((chunk) => chunk.seq > afterSeq));
      }
    }
    return chunks;
  }
}
