import { type ChunkRecord, deliverRecord } from "@chat-stream/core";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeConnectionStore, FakeFrameSender } from "../support/fakes";

const record: ChunkRecord = {
  v: 1,
  conversationId: "c1",
  messageId: "m1",
  userId: "alice",
  startedAt: 1,
  producedAt: 2,
  chunks: [
    { seq: 0, receivedAt: 1, chunk: { type: "start" } },
    { seq: 1, receivedAt: 2, chunk: { type: "text-start", id: "t" } },
  ],
};

let connections: FakeConnectionStore;
let sender: FakeFrameSender;

beforeEach(async () => {
  connections = new FakeConnectionStore();
  sender = new FakeFrameSender();
  for (const [connectionId, userId] of [
    ["a1", "alice"],
    ["a2", "alice"],
    ["b1", "bob"],
  ] as const) {
    await connections.put({ connectionId, userId, connectedAt: 0, expiresAt: 0 });
  }
});

describe("deliverRecord", () => {
  it("sends the chunks to every connection of the user and nobody else", async () => {
    const outcome = await deliverRecord(record, connections, sender);
    expect(outcome).toEqual({ sent: 2, gone: 0 });
    expect(sender.sent.map((s) => s.connectionId).sort()).toEqual(["a1", "a2"]);
    expect(sender.sent[0]?.frame).toEqual({
      type: "chunks",
      conversationId: "c1",
      messageId: "m1",
      chunks: [
        { seq: 0, chunk: { type: "start" } },
        { seq: 1, chunk: { type: "text-start", id: "t" } },
      ],
    });
  });

  it("deletes a gone connection without failing", async () => {
    sender.gone.add("a2");
    const outcome = await deliverRecord(record, connections, sender);
    expect(outcome).toEqual({ sent: 1, gone: 1 });
    expect(connections.deleted).toEqual(["a2"]);
  });

  it("throws after trying every connection when one fails", async () => {
    sender.failing.add("a1");
    await expect(deliverRecord(record, connections, sender)).rejects.toThrow(
      "throttled",
    );
    expect(sender.sent.map((s) => s.connectionId)).toEqual(["a2"]);
  });
});
