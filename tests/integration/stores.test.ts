import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  connectionsTable,
  conversationsTable,
  DynamoConnectionStore,
  DynamoConversationStore,
} from "@chat-stream/core";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamo } from "../../packages/local/src/emulators";
import { createTable } from "../../packages/local/src/stack/create-resources";

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let client: DynamoDBDocumentClient;
let connections: DynamoConnectionStore;
let conversations: DynamoConversationStore;

beforeAll(async () => {
  dynamo = await startDynamo();
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    requestHandler: new NodeHttpHandler(),
  });
  client = DynamoDBDocumentClient.from(raw);
  await createTable(raw, "connections", connectionsTable);
  await createTable(raw, "conversations", conversationsTable);
  connections = new DynamoConnectionStore(client, "connections");
  conversations = new DynamoConversationStore(client, "conversations", 30);
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

async function open(connectionId: string, userId = "u") {
  await connections.put({ connectionId, userId, connectedAt: 5, expiresAt: 9 });
}

describe("DynamoConnectionStore cursors", () => {
  it("starts, moves and refuses to move back a cursor", async () => {
    await open("c1");
    expect(await connections.claim("c1", "m", 3, false)).toBeUndefined();
    expect(await connections.claim("c1", "m", 3, true)).toEqual({
      previous: -1,
    });
    expect(await connections.claim("c1", "m", 3, true)).toBeUndefined();
    expect(await connections.claim("c1", "m", 7, false)).toEqual({
      previous: 3,
    });
  });

  it("undoes a claim only if nothing moved the cursor since", async () => {
    await open("c2");
    const first = await connections.claim("c2", "m", 4, true);
    const second = await connections.claim("c2", "m", 9, false);
    if (!first || !second) throw new Error("claims failed");

    await connections.release("c2", "m", first, 4);
    expect(await connections.raise("c2", "m", -1)).toBe(9);
    await connections.release("c2", "m", second, 9);
    expect(await connections.raise("c2", "m", -1)).toBe(4);
    await connections.release("c2", "m", first, 4);
    expect(await connections.claim("c2", "m", 1, false)).toBeUndefined();
    expect(await connections.claim("c2", "m", 1, true)).toEqual({
      previous: -1,
    });
  });

  it("raises to what a client holds, never lowers", async () => {
    await open("c3");
    expect(await connections.raise("c3", "m", 5)).toBe(5);
    expect(await connections.raise("c3", "m", 2)).toBe(5);
    expect(await connections.claim("c3", "m", 8, false)).toEqual({
      previous: 5,
    });
  });

  it("claims nothing for a connection that is gone", async () => {
    expect(await connections.claim("gone", "m", 1, true)).toBeUndefined();
    expect(await connections.raise("gone", "m", 1)).toBeUndefined();
    expect(await connections.get("gone")).toBeUndefined();
  });

  it("lists a user's connections with when they opened", async () => {
    await open("d1", "dora");
    await open("d2", "dora");
    expect(
      (await connections.listByUser("dora")).sort((a, b) =>
        a.connectionId.localeCompare(b.connectionId),
      ),
    ).toEqual([
      { connectionId: "d1", connectedAt: 5 },
      { connectionId: "d2", connectedAt: 5 },
    ]);
  });
});

describe("DynamoConversationStore", () => {
  it("ends a message once and cancels only a streaming one", async () => {
    const base = {
      conversationId: "k",
      role: "assistant" as const,
      text: "",
      createdAt: "",
    };
    await conversations.putMessage({
      ...base,
      messageId: "a",
      status: "streaming",
    });
    expect(await conversations.requestCancel("k", "a")).toBe(true);
    expect((await conversations.getMessage("k", "a"))?.cancelRequested).toBe(
      true,
    );

    const ending = { text: "hi", status: "cancelled" as const, lastSeq: 4 };
    expect(await conversations.finishMessage("k", "a", ending)).toBe(true);
    expect(await conversations.finishMessage("k", "a", ending)).toBe(false);
    expect(await conversations.requestCancel("k", "a")).toBe(false);
    expect(await conversations.getMessage("k", "a")).toMatchObject(ending);
  });

  it("creates a conversation id once", async () => {
    const conversation = {
      conversationId: "once",
      userId: "u",
      title: "t",
      createdAt: "",
      updatedAt: "",
    };
    expect(await conversations.createConversation(conversation)).toBe(true);
    expect(await conversations.createConversation(conversation)).toBe(false);
    expect(await conversations.getConversation("once")).toEqual(conversation);
  });
});
