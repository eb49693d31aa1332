import type { ChunkRecord } from "../chunk-record";
import type { ServerFrame } from "../protocol";
import type { ConnectionStore } from "../stores/connection-store";
import type { FrameSender } from "./frame-sender";

/** What delivering one record did. */
export interface DeliveryOutcome {
  sent: number;
  gone: number;
}

/** The `chunks` frame that carries a record's chunks to a client. */
export function chunksFrame(record: ChunkRecord): ServerFrame {
  return {
    type: "chunks",
    conversationId: record.conversationId,
    messageId: record.messageId,
    chunks: record.chunks.map(({ seq, chunk }) => ({ seq, chunk })),
  };
}

/**
 * Posts a record's chunks to every open connection of the conversation's
 * user, so each of their tabs and devices follows the answer live.
 *
 * A connection that is gone is deleted and does not fail the record.
 *
 * @throws the first other send error, after every connection was tried,
 *   so the caller can retry the record.
 */
export async function deliverRecord(
  record: ChunkRecord,
  connections: ConnectionStore,
  sender: FrameSender,
): Promise<DeliveryOutcome> {
  const frame = chunksFrame(record);
  const ids = await connections.listByUser(record.userId);
  const outcome: DeliveryOutcome = { sent: 0, gone: 0 };

  const results = await Promise.allSettled(
    ids.map(async (connectionId) => {
      if ((await sender.send(connectionId, frame)) === "sent") {
        outcome.sent++;
        return;
      }
      outcome.gone++;
      await connections.delete(connectionId);
    }),
  );

  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return outcome;
}
