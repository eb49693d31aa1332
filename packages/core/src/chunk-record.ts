import { z } from "zod";

/**
 * A UI message chunk of the AI SDK (`start`, `text-delta`, `finish`, ...).
 * Only `type` is checked here: the AI SDK owns the rest of the shape, and
 * clients hand chunks to it unchanged.
 */
export const uiChunkSchema = z.looseObject({ type: z.string().min(1) });

export type UiChunk = z.infer<typeof uiChunkSchema>;

/** One chunk with its dense position in the message. */
export const sequencedChunkSchema = z.object({
  seq: z.number().int().min(0),
  /** When the generator received the chunk, in epoch milliseconds. */
  receivedAt: z.number().int(),
  chunk: uiChunkSchema,
});

export type SequencedChunk = z.infer<typeof sequencedChunkSchema>;

/**
 * The payload of one Kinesis record: consecutive chunks of one assistant
 * message, gathered over the coalescing window. The partition key is the
 * conversation id, so every record of a conversation lands on one shard
 * in the order it was put.
 */
export const chunkRecordSchema = z.object({
  /** Format version; readers reject versions they do not know. */
  v: z.literal(1),
  conversationId: z.string().min(1),
  messageId: z.string().min(1),
  userId: z.string().min(1),
  /** When generation of the message started, in epoch milliseconds. */
  startedAt: z.number().int(),
  /** When this record was put, in epoch milliseconds. */
  producedAt: z.number().int(),
  chunks: z.array(sequencedChunkSchema).min(1),
});

export type ChunkRecord = z.infer<typeof chunkRecordSchema>;

/**
 * Encodes a record as one line of JSON. The trailing newline matters:
 * Firehose concatenates records as they are, and the newline is what
 * keeps its S3 objects line-delimited for Athena.
 */
export function encodeChunkRecord(record: ChunkRecord): Uint8Array {
  return Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
}

/**
 * Decodes the data of a Kinesis record.
 *
 * @throws {z.ZodError} when the data is not a chunk record of a known
 *   version; callers treat such a record as poison, not as a retry.
 */
export function decodeChunkRecord(data: Uint8Array | string): ChunkRecord {
  const text =
    typeof data === "string" ? data : Buffer.from(data).toString("utf8");
  return chunkRecordSchema.parse(JSON.parse(text));
}
