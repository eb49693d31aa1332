import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalEndpoint } from "../../packages/local/src/emulators";
import { startDynamo } from "../../packages/local/src/emulators";
import { dropMidRequest } from "./support/drop-mid-request";

describe("startDynamo", () => {
  let dynamo: LocalEndpoint;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startDynamo();
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await client.send(
      new CreateTableCommand({
        TableName: "connections",
        AttributeDefinitions: [
          { AttributeName: "connectionId", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "connectionId", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  it("makes a new table active at once", async () => {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: "connections" }),
    );
    expect(Table?.TableStatus).toBe("ACTIVE");
  });

  it("stores and returns an item", async () => {
    await client.send(
      new PutItemCommand({
        TableName: "connections",
        Item: { connectionId: { S: "abc=" }, userId: { S: "user-1" } },
      }),
    );

    const { Item } = await client.send(
      new GetItemCommand({
        TableName: "connections",
        Key: { connectionId: { S: "abc=" } },
      }),
    );
    expect(Item?.userId).toEqual({ S: "user-1" });
  });

  it("survives a client that drops mid-request", async () => {
    await dropMidRequest(dynamo.endpoint);

    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: "connections" }),
    );
    expect(Table?.TableStatus).toBe("ACTIVE");
  });
});
