import type { SequencedChunk } from "../chunk-record";
import type { FrameChunk, ServerFrame } from "../protocol";
import { maxFrameBytes } from "./frame-sender";

/** Room kept in a frame for its own fields, besides its items. */
export const frameEnvelopeBytes = 1024;

/**
 * Splits a message's chunks into `chunks` frames that each fit one
 * WebSocket message, keeping seq order. The receive time stays behind:
 * it is for analytics, not for clients.
 */
export function chunkFrames(
  conversationId: string,
  messageId: string,
  chunks: SequencedChunk[],
): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let batch: FrameChunk[] = [];
  let bytes = frameEnvelopeBytes;

  for (const { seq, chunk } of chunks) {
    const item = { seq, chunk };
    const size = Buffer.byteLength(JSON.stringify(item));
    if (batch.length > 0 && bytes + size > maxFrameBytes) {
      frames.push({ type: "chunks", conversationId, messageId, chunks: batch });
      batch = [];
      bytes = frameEnvelopeBytes;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) {
    frames.push({ type: "chunks", conversationId, messageId, chunks: batch });
  }
  return frames;
}
