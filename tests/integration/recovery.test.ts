import { errorCodeOf } from "@chat-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isChunksOf,
  isType,
} from "../../packages/local/src/client/chat-client";
import { storedAnswer } from "../support/drop-and-resume";
import { startTestStack, type TestStack } from "../support/local-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ model: { provider: "local", delayMs: 5 } });
});

afterAll(async () => {
  await stack?.close();
});

describe("every tab in sync", () => {
  it("streams an answer to every connection of its user, and nobody else", async () => {
    const [tab1, tab2, other] = [
      await stack.connect("erin"),
      await stack.connect("erin"),
      await stack.connect("frank"),
    ];
    const first = await tab1.chat("from the first tab #words=30");
    const fromOne = await tab1.answer(first.messageId);
    const inTwo = await tab2.answer(first.messageId);
    expect(inTwo).toEqual(fromOne);

    const second = await tab2.chat(
      "from the second tab #words=20",
      first.conversationId,
    );
    expect((await tab1.answer(second.messageId)).repeats).toEqual([]);
    expect(await tab2.answer(second.messageId)).toEqual(
      await tab1.answer(second.messageId),
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.frames.filter((frame) => frame.type === "chunks")).toEqual([]);
  });

  it("lets another user neither resume nor read the conversation", async () => {
    const owner = await stack.connect("gina");
    const { conversationId, messageId } = await owner.chat("mine #words=5");
    await owner.answer(messageId);

    const intruder = await stack.connect("hank");
    intruder.send({
      action: "resume",
      conversationId,
      messageId,
      afterSeq: -1,
    });
    intruder.send({ action: "history", conversationId });
    intruder.send({ action: "cancel", conversationId, messageId });
    await intruder.until(
      () => intruder.frames.filter((f) => f.type === "error").length === 3,
    );
    expect(intruder.frames.map((f) => f.type === "error" && f.code)).toEqual([
      "conversation_not_found",
      "conversation_not_found",
      "conversation_not_found",
    ]);
  });
});

describe("resume", () => {
  it("replays a finished answer in full on a new connection", async () => {
    const first = await stack.connect("ivan");
    const { conversationId, messageId } = await first.chat("hello #words=25");
    const original = await first.answer(messageId);
    await first.close();

    const later = await stack.connect("ivan");
    later.send({ action: "resume", conversationId, messageId, afterSeq: -1 });
    expect(await later.answer(messageId)).toEqual(original);

    const tail = await stack.connect("ivan");
    tail.send({ action: "resume", conversationId, messageId, afterSeq: 10 });
    await tail.until(
      () => tail.assemble(messageId).chunks.at(-1)?.chunk.type === "finish",
    );
    expect(tail.assemble(messageId).chunks).toEqual(
      original.chunks.filter((chunk) => chunk.seq > 10),
    );
  });

  it("is not needed to finish an answer whose socket closed: closing never cancels", async () => {
    const leaving = await stack.connect("judy");
    const { conversationId, messageId } = await leaving.chat("bye #words=60");
    await leaving.close();

    const back = await stack.connect("judy");
    const stored = await storedAnswer(back, conversationId, messageId);
    expect(stored.status).toBe("complete");
    back.send({ action: "resume", conversationId, messageId, afterSeq: -1 });
    expect((await back.answer(messageId)).text).toBe(stored.text);
  });

  it("refuses a message that is not an answer of the conversation", async () => {
    const client = await stack.connect("kate");
    const { conversationId } = await client.chat("q #words=3");
    client.send({
      action: "resume",
      conversationId,
      messageId: "not-a-message",
      afterSeq: -1,
    });
    const error = await client.waitFor(isType("error"));
    expect(error.code).toBe("message_not_found");
  });
});

describe("cancel", () => {
  it("stops within a second, ends with abort then finish, and keeps the partial text", async () => {
    const client = await stack.connect("liam");
    const { conversationId, messageId } = await client.chat("long #words=5000");
    await client.waitFor(isChunksOf(messageId));
    await client.until(() => client.assemble(messageId).chunks.length > 20);

    const askedAt = Date.now();
    client.send({ action: "cancel", conversationId, messageId });
    const answer = await client.answer(messageId, 5_000);
    const stoppedAfterMs = Date.now() - askedAt;

    expect(answer.chunks.slice(-2).map((c) => c.chunk.type)).toEqual([
      "abort",
      "finish",
    ]);
    expect(answer.repeats).toEqual([]);
    expect(stoppedAfterMs).toBeLessThan(1_000);
    expect(answer.text.split(" ").length).toBeLessThan(5000);

    const stored = await storedAnswer(client, conversationId, messageId);
    expect(stored).toMatchObject({ status: "cancelled", text: answer.text });

    const again = await stack.connect("liam");
    again.send({ action: "resume", conversationId, messageId, afterSeq: -1 });
    expect(await again.answer(messageId)).toEqual(answer);
    again.send({ action: "cancel", conversationId, messageId });
    await again.until(
      () =>
        again.frames.filter(
          (f) => f.type === "accepted" && f.action === "cancel",
        ).length === 1,
    );
    expect((await storedAnswer(again, conversationId, messageId)).status).toBe(
      "cancelled",
    );
  });
});

describe("no silent ends", () => {
  it("ends a failing model's answer with a coded error and finish", async () => {
    const client = await stack.connect("mona");
    const { conversationId, messageId } = await client.chat(
      "break #fail-after=7",
    );
    const answer = await client.answer(messageId);

    const error = answer.chunks.find((c) => c.chunk.type === "error");
    expect(errorCodeOf(String(error?.chunk.errorText))).toBe("model_error");
    expect(answer.chunks.at(-1)?.chunk.type).toBe("finish");
    expect(await storedAnswer(client, conversationId, messageId)).toMatchObject(
      {
        status: "error",
        errorCode: "model_error",
        text: answer.text,
      },
    );
  });
});
