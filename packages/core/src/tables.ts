/**
 * Key schemas of the DynamoDB tables. The infra and the local stack both
 * create tables from these, so the two can never disagree on a key name.
 */

/** One attribute of a key, as DynamoDB types it. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: "S" | "N";
}

/** A secondary index: its partition key and optional sort key. */
export interface IndexSchema {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

/** A table: its primary key, global indexes and time-to-live attribute. */
export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes: readonly IndexSchema[];
  readonly ttlAttribute?: string;
}

/**
 * Open WebSocket connections. An item lives from `$connect` to
 * `$disconnect`, or until `expiresAt` when `$disconnect` never ran
 * (API Gateway closes a connection after two hours at most).
 */
export const connectionsTable = {
  partitionKey: { name: "connectionId", type: "S" },
  globalIndexes: [
    {
      name: "byUser",
      partitionKey: { name: "userId", type: "S" },
      sortKey: { name: "connectionId", type: "S" },
    },
  ],
  ttlAttribute: "expiresAt",
} as const satisfies TableSchema;

/**
 * Conversations and their messages, one partition per conversation:
 * `sk` is `CONVERSATION` for the conversation itself and
 * `MESSAGE#<messageId>` for each message. Message ids sort by time, so a
 * query on the partition returns the messages in order.
 */
export const conversationsTable = {
  partitionKey: { name: "conversationId", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalIndexes: [
    {
      name: "byUser",
      partitionKey: { name: "userId", type: "S" },
      sortKey: { name: "updatedAt", type: "S" },
    },
  ],
  ttlAttribute: "expiresAt",
} as const satisfies TableSchema;

/**
 * The chunks of recent messages, one item per stream record: `seq` is the
 * first seq the record carries, so one query on `messageId` reads a whole
 * message in order. This is what resume replays from.
 */
export const chunksTable = {
  partitionKey: { name: "messageId", type: "S" },
  sortKey: { name: "seq", type: "N" },
  globalIndexes: [],
  ttlAttribute: "expiresAt",
} as const satisfies TableSchema;
