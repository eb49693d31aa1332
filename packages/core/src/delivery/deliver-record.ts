import type { ChunkRecord, SequencedChunk } from "../chunk-record";
import type { ChunkStore } from "../stores/chunk-store";
import type {
  ConnectionStore,
  UserConnection,
} from "../stores/connection-store";
import type { FrameSender } from "./frame-sender";
import { chunkFrames } from "./frames";

/** What delivering one record did, counted in connections. */
export interface DeliveryOutcome {
  sent: number;
  gone: number;
  /** Connections that had these chunks, or do not follow the message. */
  skipped: number;
}

/** What delivery reads and writes. */
export interface DeliveryDeps {
  connections: ConnectionStore;
  chunks: ChunkStore;
  sender: FrameSender;
}

/**
 * Posts a record's chunks to every open connection of the conversation's
 * user, so each of their tabs and devices follows new answers live.
 *
 * Each connection gets each seq at most once: its cursor for the message
 * is claimed before posting, and only chunks above the old cursor are
 * sent. A connection open when the answer started follows it from its
 * first chunk; any other follows it from a resume. One that missed chunks
 * in between is caught up from the replay log first. A connection that is gone is deleted and does not fail the
 * record.
 *
 * @throws the first other send error, after every connection was tried
 *   and the failed connections' claims were undone, so a retry of the
 *   record sends them what they missed.
 */
export async function deliverRecord(
  record: ChunkRecord,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const connections = await deps.connections.listByUser(record.userId);
  const outcome: DeliveryOutcome = { sent: 0, gone: 0, skipped: 0 };

  const results = await Promise.allSettled(
    connections.map(async (connection) => {
      const result = await deliverTo(connection, record, deps);
      outcome[result]++;
    }),
  );

  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return outcome;
}

async function deliverTo(
  { connectionId, connectedAt }: UserConnection,
  record: ChunkRecord,
  deps: DeliveryDeps,
): Promise<keyof DeliveryOutcome> {
  const first = record.chunks[0]?.seq ?? 0;
  const last = record.chunks.at(-1)?.seq ?? first;

  // Only a connection that was open when the answer started follows it
  // from its first chunk. A later one (a reconnect, a new tab) follows it
  // from a resume: it may belong to a client that already holds the
  // start, and a redelivered first record must not reach it twice.
  const startIfNew = first === 0 && connectedAt <= record.startedAt;
  const claim = await deps.connections.claim(
    connectionId,
    record.messageId,
    last,
    startIfNew,
  );
  if (!claim) return "skipped";

  try {
    let chunks: SequencedChunk[] = record.chunks.filter(
      (chunk) => chunk.seq > claim.previous,
    );
    if (claim.previous < first - 1) {
      const missed = await deps.chunks.read(record.messageId, claim.previous);
      chunks = [...missed.filter((chunk) => chunk.seq < first), ...chunks];
    }

    for (const frame of chunkFrames(
      record.conversationId,
      record.messageId,
      chunks,
    )) {
      if ((await deps.sender.send(connectionId, frame)) === "gone") {
        await deps.connections.delete(connectionId);
        return "gone";
      }
    }
    return "sent";
  } catch (error) {
    await deps.connections
      .release(connectionId, record.messageId, claim, last)
      .catch(() => undefined);
    throw error;
  }
}
