import type { StageConfig } from "../packages/core/src/stage-config";
import {
  chunksTable,
  connectionsTable,
  conversationsTable,
  type KeyAttribute,
  type TableSchema,
} from "../packages/core/src/tables";
import { keepData } from "./keep-data";

/** The DynamoDB tables of the app. */
export interface Tables {
  connections: sst.aws.Dynamo;
  conversations: sst.aws.Dynamo;
  chunks: sst.aws.Dynamo;
}

/**
 * Creates the tables from the key schemas in `packages/core`, which the
 * local stack reads too, so the two cannot disagree on a key. Tables are
 * on demand (SST's default): traffic follows chat use, and an idle stage
 * then costs nothing but storage.
 *
 * @param config - the settings of the stage being deployed
 */
export function createTables(config: StageConfig): Tables {
  return {
    connections: createTable("Connections", connectionsTable, config),
    conversations: createTable("Conversations", conversationsTable, config),
    chunks: createTable("Chunks", chunksTable, config),
  };
}

function createTable(
  name: string,
  schema: TableSchema,
  config: StageConfig,
): sst.aws.Dynamo {
  return new sst.aws.Dynamo(name, {
    fields: keyFields(schema),
    primaryIndex: {
      hashKey: schema.partitionKey.name,
      rangeKey: schema.sortKey?.name,
    },
    globalIndexes: Object.fromEntries(
      schema.globalIndexes.map((index) => [
        index.name,
        { hashKey: index.partitionKey.name, rangeKey: index.sortKey?.name },
      ]),
    ),
    ttl: schema.ttlAttribute,
    deletionProtection: config.retainData,
    transform: { table: keepData(config) },
  });
}

/**
 * Every attribute that is a key of the table or of an index, once each:
 * DynamoDB rejects attribute definitions that no key uses.
 */
function keyFields(schema: TableSchema) {
  const keys: KeyAttribute[] = [schema.partitionKey];
  if (schema.sortKey) keys.push(schema.sortKey);
  for (const index of schema.globalIndexes) {
    keys.push(index.partitionKey);
    if (index.sortKey) keys.push(index.sortKey);
  }

  return Object.fromEntries(
    keys.map((key): [string, "string" | "number"] => [
      key.name,
      key.type === "S" ? "string" : "number",
    ]),
  );
}
