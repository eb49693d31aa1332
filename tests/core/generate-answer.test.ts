import {
  createLocalModel,
  errorCodeOf,
  type GenerationDeps,
  generateAnswer,
  localModelLabel,
  type SequencedChunk,
} from "@chat-stream/core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  FakeChunkStore,
  FakeConversationStore,
  FakePublisher,
} from "../support/fakes";

const job = {
  conversationId: "c1",
  messageId: "m2",
  userId: "alice",
  startedAt: Date.now(),
};

let conversations: FakeConversationStore;
let chunks: FakeChunkStore;
let publisher: FakePublisher;

function askQuestion(text: string) {
  return conversations.putMessage({
    conversationId: "c1",
    messageId: "m1",
    role: "user",
    text,
    status: "complete",
    createdAt: "",
  });
}

beforeEach(async () => {
  conversations = new FakeConversationStore();
  chunks = new FakeChunkStore();
  publisher = new FakePublisher();
  await askQuestion("hello there #words=30");
  await conversations.putMessage({
    conversationId: "c1",
    messageId: "m2",
    role: "assistant",
    text: "",
    status: "streaming",
    createdAt: "",
  });
});

function deps(overrides: Partial<GenerationDeps> = {}): GenerationDeps {
  return {
    model: { model: createLocalModel({ delayMs: 1 }), label: "local" },
    conversations,
    chunks,
    publisher,
    coalesceMs: 5,
    deadlineAt: Date.now() + 10_000,
    timeoutSeconds: 10,
    cancelPollMs: 10,
    ...overrides,
  };
}

const published = (): SequencedChunk[] =>
  publisher.records.flatMap((record) => record.chunks);

describe("generateAnswer", () => {
  it("publishes dense seqs that end with finish and stores the text", async () => {
    const ending = await generateAnswer(job, deps());

    const all = published();
    expect(all.map((c) => c.seq)).toEqual(all.map((_, i) => i));
    expect(all.at(-1)?.chunk.type).toBe("finish");
    const text = all
      .filter((c) => c.chunk.type === "text-delta")
      .map((c) => c.chunk.delta)
      .join("");
    expect(text.startsWith(localModelLabel)).toBe(true);
    expect(ending).toMatchObject({ status: "complete", text });
    expect(ending.lastSeq).toBe(all.length - 1);
    expect((await conversations.getMessage("c1", "m2"))?.text).toBe(text);
  });

  it("writes every record to the replay log before the stream", async () => {
    await generateAnswer(job, deps());
    expect(chunks.records).toEqual(publisher.records);
    for (const record of publisher.records) {
      expect(record).toMatchObject({ v: 1, userId: "alice", messageId: "m2" });
    }
  });

  it("carries usage in the finish chunk's metadata", async () => {
    await generateAnswer(job, deps());
    const finish = published().at(-1)?.chunk as {
      messageMetadata?: { usage?: { outputTokens?: number } };
    };
    expect(finish.messageMetadata?.usage?.outputTokens).toBe(30);
  });

  it("ends with abort then finish when cancelled, keeping partial text", async () => {
    await askQuestion("long one #words=2000");
    const running = generateAnswer(job, deps({ model: slowModel() }));
    await new Promise((r) => setTimeout(r, 60));
    await conversations.requestCancel("c1", "m2");
    const ending = await running;

    const types = published().map((c) => c.chunk.type);
    expect(types.slice(-2)).toEqual(["abort", "finish"]);
    expect(ending.status).toBe("cancelled");
    expect(ending.text.length).toBeGreaterThan(0);
    expect((await conversations.getMessage("c1", "m2"))?.status).toBe(
      "cancelled",
    );
  });

  it("ends with a generation_timeout error at the deadline", async () => {
    await askQuestion("long one #words=2000");
    const ending = await generateAnswer(
      job,
      deps({ model: slowModel(), deadlineAt: Date.now() + 80 }),
    );
    const last = published().slice(-2);
    expect(last.map((c) => c.chunk.type)).toEqual(["error", "finish"]);
    expect(errorCodeOf(String(last[0]?.chunk.errorText))).toBe(
      "generation_timeout",
    );
    expect(ending).toMatchObject({
      status: "error",
      errorCode: "generation_timeout",
    });
  });

  it("ends with a model_error when the model fails mid-answer", async () => {
    await askQuestion("fail please #fail-after=5");
    const ending = await generateAnswer(job, deps());
    const types = published().map((c) => c.chunk.type);
    expect(types).toContain("error");
    expect(types.at(-1)).toBe("finish");
    expect(ending).toMatchObject({ status: "error", errorCode: "model_error" });
  });

  it("stores the message as failed when the stream cannot be written", async () => {
    publisher.failWith = new Error("stream unavailable");
    await expect(generateAnswer(job, deps())).rejects.toThrow(
      "stream unavailable",
    );
    expect(await conversations.getMessage("c1", "m2")).toMatchObject({
      status: "error",
      errorCode: "internal_error",
    });
  });

  it("ends the replay log with error and finish when the stream fails", async () => {
    publisher.failWith = new Error("stream unavailable");
    await generateAnswer(job, deps()).catch(() => undefined);

    const replay = await chunks.read("m2", -1);
    expect(replay.map((c) => c.seq)).toEqual(replay.map((_, i) => i));
    expect(replay.slice(-2).map((c) => c.chunk.type)).toEqual([
      "error",
      "finish",
    ]);
    expect(errorCodeOf(String(replay.at(-2)?.chunk.errorText))).toBe(
      "internal_error",
    );
    expect((await conversations.getMessage("c1", "m2"))?.lastSeq).toBe(
      replay.length - 1,
    );
  });

  it("ends the answer when the conversation cannot be read", async () => {
    conversations.listMessages = async () => {
      throw new Error("table unavailable");
    };
    await expect(generateAnswer(job, deps())).rejects.toThrow(
      "table unavailable",
    );
    expect(published().map((c) => [c.seq, c.chunk.type])).toEqual([
      [0, "error"],
      [1, "finish"],
    ]);
    expect((await conversations.getMessage("c1", "m2"))?.status).toBe("error");
  });
});

function slowModel() {
  return { model: createLocalModel({ delayMs: 5 }), label: "local" };
}
