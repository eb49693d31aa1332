import {
  type ChunkRecord,
  encodeChunkRecord,
  type SequencedChunk,
} from "../../packages/core/src/chunk-record";
import {
  archiveObjectKey,
  writeArchiveObject,
} from "../../packages/local/src/archive";

/** How one generated answer ended. */
export type Ending = "finished" | "aborted" | "errored";

/** One generated assistant message, before it is cut into records. */
export interface FixtureMessage {
  conversationId: string;
  messageId: string;
  userId: string;
  startedAt: number;
  ending: Ending;
  chunks: SequencedChunk[];
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
}

export interface Fixture {
  messages: FixtureMessage[];
  /** Every record written, a duplicate included once per copy. */
  records: ChunkRecord[];
  /** Each object's key and the records in it, in write order. */
  objects: { key: string; records: ChunkRecord[] }[];
  /** Lines in the archive that are not records. */
  badLines: string[];
}

const DAY_ONE = Date.parse("2025-03-01T00:00:00Z");
const HOUR = 3_600_000;

/**
 * A deterministic pseudo-random generator (mulberry32), so the fixture
 * and the numbers expected from it never change between runs.
 */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Generates answers over two UTC days for three users: most finish,
 * some are aborted, some fail. One starts a second before midnight so
 * its records arrive on the next day's partition.
 */
export function generateMessages(): FixtureMessage[] {
  const random = randomFrom(42);
  const between = (low: number, high: number) =>
    low + Math.floor(random() * (high - low + 1));
  const messages: FixtureMessage[] = [];

  for (let index = 0; index < 46; index += 1) {
    const day = index < 26 ? 0 : 1;
    const startedAt =
      index === 25
        ? DAY_ONE + 24 * HOUR - 500
        : DAY_ONE + day * 24 * HOUR + between(1, 22) * HOUR + index * 1000;
    const ending: Ending =
      index % 9 === 4 ? "aborted" : index % 11 === 7 ? "errored" : "finished";

    messages.push(
      generateMessage({
        conversationId: `conversation-${index % 7}`,
        messageId: `message-${String(index).padStart(3, "0")}`,
        userId: `user-${(index % 7) % 3}`,
        startedAt,
        ending,
        deltas: between(3, 12),
        firstChunkMs: between(150, 1400),
        gapMs: () => between(5, 180),
      }),
    );
  }
  return messages;
}

interface MessagePlan {
  conversationId: string;
  messageId: string;
  userId: string;
  startedAt: number;
  ending: Ending;
  deltas: number;
  firstChunkMs: number;
  gapMs: () => number;
}

function generateMessage(plan: MessagePlan): FixtureMessage {
  const chunks: SequencedChunk[] = [];
  let receivedAt = plan.startedAt + plan.firstChunkMs;
  const push = (chunk: SequencedChunk["chunk"]) => {
    chunks.push({ seq: chunks.length, receivedAt, chunk });
    receivedAt += plan.gapMs();
  };

  push({ type: "start", messageId: plan.messageId });
  push({ type: "start-step" });
  push({ type: "text-start", id: "text-1" });
  for (let delta = 0; delta < plan.deltas; delta += 1) {
    push({ type: "text-delta", id: "text-1", delta: `word${delta} ` });
  }

  let usage: FixtureMessage["usage"];
  if (plan.ending === "aborted") {
    push({ type: "abort" });
  } else if (plan.ending === "errored") {
    push({ type: "error", errorText: "The model stopped answering." });
  } else {
    usage = {
      inputTokens: 20 + plan.deltas,
      outputTokens: plan.deltas * 2,
      totalTokens: 20 + plan.deltas * 3,
    };
    push({ type: "text-end", id: "text-1" });
    push({ type: "finish-step" });
    push({
      type: "message-metadata",
      messageMetadata: { model: "local-scripted", usage },
    });
  }
  push({
    type: "finish",
    finishReason: plan.ending === "finished" ? "stop" : "other",
  });

  return { ...plan, chunks, usage };
}

/** Cuts each message into records of up to four chunks, as coalesced. */
export function toRecords(messages: readonly FixtureMessage[]): ChunkRecord[] {
  return messages.flatMap((message) => {
    const records: ChunkRecord[] = [];
    for (let start = 0; start < message.chunks.length; start += 4) {
      const chunks = message.chunks.slice(start, start + 4);
      const last = chunks.at(-1)?.receivedAt ?? message.startedAt;
      records.push({
        v: 1,
        conversationId: message.conversationId,
        messageId: message.messageId,
        userId: message.userId,
        startedAt: message.startedAt,
        producedAt: last + 5,
        chunks,
      });
    }
    return records;
  });
}

/**
 * Writes the fixture as Firehose would: records in arrival order (put
 * time plus 100 ms), ten to an object, each object in the partition of
 * its oldest record. One record is delivered twice and one object holds
 * two lines a bad producer wrote.
 */
export async function writeFixtureArchive(directory: string): Promise<Fixture> {
  const messages = generateMessages();
  const records = toRecords(messages).sort(
    (a, b) => a.producedAt - b.producedAt,
  );
  const duplicate = records[7];
  if (duplicate) {
    records.push(duplicate);
  }
  const badLines = ["this is not json", '{"v":1,"conversationId":"cut off'];

  const objects: Fixture["objects"] = [];
  for (let start = 0; start < records.length; start += 10) {
    const batch = records.slice(start, start + 10);
    const parts = batch.map(encodeChunkRecord);
    if (start === 20) {
      parts.splice(3, 0, ...badLines.map((line) => Buffer.from(`${line}\n`)));
    }

    const oldest = Math.min(...batch.map((record) => record.producedAt + 100));
    const key = archiveObjectKey(
      "chat-stream-test-Archive",
      oldest,
      `object-${String(start / 10).padStart(3, "0")}`,
    );
    await writeArchiveObject(directory, key, parts);
    objects.push({ key, records: batch });
  }

  return { messages, records, objects, badLines };
}
