import {
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
} from "@aws-sdk/client-dynamodb";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import type { KeyAttribute, TableSchema } from "@chat-stream/core";

/**
 * Creates a table the way the infra declares it, from the same schema.
 * Local emulators ignore time to live, so the attribute is only declared.
 */
export async function createTable(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
): Promise<void> {
  const attributes = new Map<string, KeyAttribute>();
  const add = (key: KeyAttribute | undefined) => {
    if (key) attributes.set(key.name, key);
  };
  add(schema.partitionKey);
  add(schema.sortKey);
  for (const index of schema.globalIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }

  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes.values()].map((key) => ({
        AttributeName: key.name,
        AttributeType: key.type,
      })),
      KeySchema: keySchema(schema.partitionKey, schema.sortKey),
      GlobalSecondaryIndexes:
        schema.globalIndexes.length === 0
          ? undefined
          : schema.globalIndexes.map((index) => ({
              IndexName: index.name,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: { ProjectionType: "ALL" },
            })),
    }),
  );
}

/** Creates a stream and waits until it is active. */
export async function createStream(
  client: KinesisClient,
  streamName: string,
  shardCount: number,
): Promise<string> {
  await client.send(
    new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }),
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (summary?.StreamStatus === "ACTIVE" && summary.StreamARN) {
      return summary.StreamARN;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Stream "${streamName}" did not become active.`);
}

function keySchema(
  partitionKey: KeyAttribute,
  sortKey: KeyAttribute | undefined,
): KeySchemaElement[] {
  const keys: KeySchemaElement[] = [
    { AttributeName: partitionKey.name, KeyType: "HASH" },
  ];
  if (sortKey) keys.push({ AttributeName: sortKey.name, KeyType: "RANGE" });
  return keys;
}
