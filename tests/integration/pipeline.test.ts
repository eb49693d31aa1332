import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { decodeChunkRecord, localModelLabel } from "@chat-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ChatClient,
  isType,
} from "../../packages/local/src/client/chat-client";
import { startTestStack, type TestStack } from "../support/local-stack";
import { streamRecords } from "../support/stream-records";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

describe("a chat answer", () => {
  it("streams through Kinesis to the client with dense seqs up to finish", async () => {
    const client = await stack.connect("alice");
    const accepted = await client.chat("Tell me about streams #words=40");
    expect(accepted).toMatchObject({ type: "accepted", action: "chat" });

    const answer = await client.answer(accepted.messageId);
    expect(answer.repeats).toEqual([]);
    expect(answer.chunks.map((c) => c.seq)).toEqual(
      answer.chunks.map((_, i) => i),
    );
    expect(answer.chunks[0]?.chunk.type).toBe("start");
    expect(answer.chunks.at(-1)?.chunk.type).toBe("finish");
    expect(answer.text.startsWith(localModelLabel)).toBe(true);
    expect(answer.text.split(" ")).toHaveLength(40);

    const onStream = (await streamRecords(stack.outputs))
      .map((data) => decodeChunkRecord(data))
      .filter((record) => record.messageId === accepted.messageId)
      .flatMap((record) =>
        record.chunks.map(({ seq, chunk }) => ({ seq, chunk })),
      );
    expect(onStream).toEqual(answer.chunks);
  });

  it("is stored with the conversation and continues it", async () => {
    const client = await stack.connect("bob");
    const first = await client.chat("first question #words=5");
    await client.answer(first.messageId);
    const second = await client.chat(
      "second question #words=6",
      first.conversationId,
    );
    expect(second.conversationId).toBe(first.conversationId);
    const answer = await client.answer(second.messageId);

    const from = client.frames.length;
    client.send({ action: "history", conversationId: first.conversationId });
    const history = await client.waitFor(isType("history"), { from });
    expect(history.messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(history.messages[2]?.text).toBe("second question #words=6");
    expect(history.messages[3]).toMatchObject({
      messageId: second.messageId,
      text: answer.text,
      lastSeq: answer.chunks.length - 1,
    });
  });
});

describe("connections", () => {
  it("are refused without a valid token", async () => {
    await expect(
      ChatClient.connect(stack.outputs.websocketUrl),
    ).rejects.toThrow(/401/);
    await expect(
      ChatClient.connect(stack.outputs.websocketUrl, "not-a-token"),
    ).rejects.toThrow(/40[13]/);
  });

  it("are deleted when gone, without failing delivery to the others", async () => {
    const dynamo = new DynamoDBClient({
      endpoint: stack.outputs.dynamodbEndpoint,
      region: stack.outputs.region,
    });
    const stale = { connectionId: { S: "c3RhbGUtY29ubmVjdA=" } };
    await dynamo.send(
      new PutItemCommand({
        TableName: stack.outputs.connectionsTable,
        Item: {
          ...stale,
          userId: { S: "carol" },
          connectedAt: { N: "0" },
          expiresAt: { N: "0" },
          cursors: { M: {} },
        },
      }),
    );

    const client = await stack.connect("carol");
    const accepted = await client.chat("hello #words=5");
    await client.answer(accepted.messageId);

    const { Item } = await dynamo.send(
      new GetItemCommand({
        TableName: stack.outputs.connectionsTable,
        Key: stale,
      }),
    );
    expect(Item).toBeUndefined();
    dynamo.destroy();
  });
});

describe("bad frames", () => {
  it.each([
    ["not json at all", "bad_request"],
    [JSON.stringify({ action: "chat" }), "bad_request"],
    [JSON.stringify({ action: "dance" }), "unknown_action"],
    [JSON.stringify({ hello: "world" }), "bad_request"],
    [
      JSON.stringify({ action: "chat", text: "hi", conversationId: "nope" }),
      "conversation_not_found",
    ],
    [
      JSON.stringify({ action: "chat", text: "x".repeat(9_000) }),
      "input_too_large",
    ],
    [
      JSON.stringify({
        action: "resume",
        conversationId: "nope",
        messageId: "nope",
        afterSeq: -1,
      }),
      "conversation_not_found",
    ],
  ])("%s gets an error frame with code %s", async (body, code) => {
    const client = await stack.connect("dave");
    client.send(body);
    const error = await client.waitFor(isType("error"));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(client.isOpen).toBe(true);
  });
});
