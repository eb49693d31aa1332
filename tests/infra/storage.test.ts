import { beforeAll, describe, expect, it } from "vitest";
import {
  chunksTable,
  connectionsTable,
  conversationsTable,
  type TableSchema,
} from "../../packages/core/src/tables";
import { resource, type Synthesis, synthesize } from "./harness";

/** The key schemas the local stack uses too, by table component name. */
const schemas: Record<string, TableSchema> = {
  Connections: connectionsTable,
  Conversations: conversationsTable,
  Chunks: chunksTable,
};

/** Every key attribute of a schema, once, as DynamoDB defines it. */
function keyAttributes(schema: TableSchema) {
  const keys = [
    schema.partitionKey,
    schema.sortKey,
    ...schema.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ].filter((key) => key !== undefined);
  const unique = new Map(keys.map((key) => [key.name, key.type]));

  return [...unique].map(([name, type]) => ({ name, type })).sort(byName);
}

function byName(a: { name: string }, b: { name: string }) {
  return a.name.localeCompare(b.name);
}

describe("storage", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  describe.each(Object.entries(schemas))("the %s table", (name, schema) => {
    const table = () =>
      resource(dev, "aws:dynamodb/table:Table", `${name}Table`).inputs;

    it("has the primary key of packages/core", () => {
      expect(table().hashKey).toBe(schema.partitionKey.name);
      expect(table().rangeKey).toBe(schema.sortKey?.name);
    });

    it("defines exactly the key attributes", () => {
      const attributes = table().attributes as { name: string }[];

      expect([...attributes].sort(byName)).toEqual(keyAttributes(schema));
    });

    it("has the global indexes of packages/core", () => {
      const indexes = schema.globalIndexes.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey.name,
        rangeKey: index.sortKey?.name,
        projectionType: "ALL",
      }));

      expect(table().globalSecondaryIndexes).toEqual(indexes);
    });

    it("expires items by their TTL attribute", () => {
      expect(table().ttl).toEqual({
        attributeName: schema.ttlAttribute,
        enabled: true,
      });
    });

    it("bills per request", () => {
      expect(table().billingMode).toBe("PAY_PER_REQUEST");
    });
  });

  it("runs the stream on demand", () => {
    const stream = resource(
      dev,
      "aws:kinesis/stream:Stream",
      "ChatStreamStream",
    );

    expect(stream.inputs.streamModeDetails).toEqual({
      streamMode: "ON_DEMAND",
    });
    expect(stream.inputs.shardCount).toBeUndefined();
  });
});
