import {
  type ChunkRecord,
  type DeliveryDeps,
  deliverRecord,
  type ServerFrame,
} from "@chat-stream/core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  FakeChunkStore,
  FakeConnectionStore,
  FakeFrameSender,
} from "../support/fakes";

function record(first: number, count: number): ChunkRecord {
  return {
    v: 1,
    conversationId: "c1",
    messageId: "m1",
    userId: "alice",
    startedAt: 1,
    producedAt: 2,
    chunks: Array.from({ length: count }, (_, i) => ({
      seq: first + i,
      receivedAt: 1,
      chunk: { type: "text-delta", id: "t", delta: `${first + i}` },
    })),
  };
}

let deps: DeliveryDeps & {
  connections: FakeConnectionStore;
  chunks: FakeChunkStore;
  sender: FakeFrameSender;
};

beforeEach(async () => {
  deps = {
    connections: new FakeConnectionStore(),
    chunks: new FakeChunkStore(),
    sender: new FakeFrameSender(),
  };
  for (const [connectionId, userId] of [
    ["a1", "alice"],
    ["a2", "alice"],
    ["b1", "bob"],
  ] as const) {
    await deps.connections.put({
      connectionId,
      userId,
      connectedAt: 0,
      expiresAt: 0,
    });
  }
});

/** The seqs one connection was sent, in order. */
function seqsSentTo(connectionId: string): number[] {
  return deps.sender.sent
    .filter((sent) => sent.connectionId === connectionId)
    .flatMap(
      ({ frame }) => (frame as Extract<ServerFrame, { type: "chunks" }>).chunks,
    )
    .map((chunk) => chunk.seq);
}

describe("deliverRecord", () => {
  it("sends a new answer to every connection of the user only", async () => {
    const outcome = await deliverRecord(record(0, 2), deps);
    expect(outcome).toEqual({ sent: 2, gone: 0, skipped: 0 });
    expect(seqsSentTo("a1")).toEqual([0, 1]);
    expect(seqsSentTo("a2")).toEqual([0, 1]);
    expect(seqsSentTo("b1")).toEqual([]);
    expect(deps.sender.sent[0]?.frame).toEqual({
      type: "chunks",
      conversationId: "c1",
      messageId: "m1",
      chunks: [
        { seq: 0, chunk: { type: "text-delta", id: "t", delta: "0" } },
        { seq: 1, chunk: { type: "text-delta", id: "t", delta: "1" } },
      ],
    });
  });

  it("sends a retried record to nobody twice", async () => {
    await deliverRecord(record(0, 2), deps);
    await deliverRecord(record(2, 2), deps);
    const again = await deliverRecord(record(2, 2), deps);
    expect(again).toEqual({ sent: 0, gone: 0, skipped: 2 });
    expect(seqsSentTo("a1")).toEqual([0, 1, 2, 3]);
  });

  it("skips a connection that did not see the answer start", async () => {
    const outcome = await deliverRecord(record(5, 2), deps);
    expect(outcome.skipped).toBe(2);
    expect(deps.sender.sent).toEqual([]);
  });

  it("lets a connection opened after the answer started wait for a resume", async () => {
    await deps.connections.put({
      connectionId: "a3",
      userId: "alice",
      connectedAt: 5,
      expiresAt: 0,
    });
    await deliverRecord(record(0, 2), deps);
    expect(seqsSentTo("a1")).toEqual([0, 1]);
    expect(seqsSentTo("a3")).toEqual([]);

    await deps.connections.raise("a3", "m1", 0);
    await deps.chunks.append(record(0, 2));
    await deliverRecord(record(2, 1), deps);
    expect(seqsSentTo("a3")).toEqual([1, 2]);
  });

  it("catches a connection up from the replay log across a gap", async () => {
    await deliverRecord(record(0, 2), deps);
    await deps.chunks.append(record(2, 3));
    await deps.chunks.append(record(5, 2));
    await deliverRecord(record(5, 2), deps);
    expect(seqsSentTo("a1")).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("deletes a gone connection without failing", async () => {
    deps.sender.gone.add("a2");
    const outcome = await deliverRecord(record(0, 1), deps);
    expect(outcome).toEqual({ sent: 1, gone: 1, skipped: 0 });
    expect(deps.connections.deleted).toEqual(["a2"]);
  });

  it("undoes the claim of a failed send so a retry delivers it", async () => {
    deps.sender.failing.add("a1");
    await expect(deliverRecord(record(0, 2), deps)).rejects.toThrow(
      "throttled",
    );
    expect(seqsSentTo("a2")).toEqual([0, 1]);

    deps.sender.failing.clear();
    await deliverRecord(record(0, 2), deps);
    expect(seqsSentTo("a1")).toEqual([0, 1]);
    expect(seqsSentTo("a2")).toEqual([0, 1]);
  });
});
