import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { connectionsTable } from "../tables";
import { unlessConditionFails } from "./conditional-write";

/** An open WebSocket connection and the user it belongs to. */
export interface Connection {
  connectionId: string;
  userId: string;
  /** Epoch milliseconds. */
  connectedAt: number;
  /** Epoch seconds after which DynamoDB may delete a forgotten item. */
  expiresAt: number;
}

/** A connection as delivery sees it. */
export type UserConnection = Pick<Connection, "connectionId" | "connectedAt">;

/**
 * A delivery cursor: the highest seq of a message this connection has
 * been sent, every lower seq included. Senders extend it atomically
 * before they post, so two senders (live delivery and a resume, or a
 * retried batch) never post the same seq to the same connection.
 */
export interface CursorClaim {
  /** The cursor before the claim; -1 when the message was new to it. */
  previous: number;
}

/** Where connections are kept between `$connect` and `$disconnect`. */
export interface ConnectionStore {
  put(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  delete(connectionId: string): Promise<void>;
  /** Every open connection of a user. */
  listByUser(userId: string): Promise<UserConnection[]>;
  /**
   * Moves a connection's cursor for a message up to `upTo`.
   *
   * @param startIfNew - whether a connection with no cursor for the
   *   message may start one (an answer seen from its first chunk)
   * @returns the cursor before the move, or undefined when there is
   *   nothing to send: the cursor is at or past `upTo`, the connection has
   *   none and may not start one, or the connection is gone.
   */
  claim(
    connectionId: string,
    messageId: string,
    upTo: number,
    startIfNew: boolean,
  ): Promise<CursorClaim | undefined>;
  /** Undoes a claim whose frames could not be sent. */
  release(
    connectionId: string,
    messageId: string,
    claim: CursorClaim,
    upTo: number,
  ): Promise<void>;
  /**
   * Raises the cursor to at least `atLeast` (what a resuming client says
   * it has) and returns the cursor that results.
   */
  raise(
    connectionId: string,
    messageId: string,
    atLeast: number,
  ): Promise<number | undefined>;
}

/**
 * API Gateway closes a connection after two hours, so an item older than
 * that belongs to a connection whose `$disconnect` never ran.
 */
export const connectionLifetimeSeconds = 2 * 60 * 60;

/** {@link ConnectionStore} on the `Connections` DynamoDB table. */
export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(connection: Connection): Promise<void> {
    // Cursors live in a map on the item; it must exist before a path
    // into it can be set.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...connection, cursors: {} },
      }),
    );
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { connectionId } }),
    );
    if (!Item) return undefined;
    const { userId, connectedAt, expiresAt } = Item;
    return { connectionId, userId, connectedAt, expiresAt };
  }

  async delete(connectionId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { connectionId } }),
    );
  }

  async listByUser(userId: string): Promise<UserConnection[]> {
    const connections: UserConnection[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: connectionsTable.globalIndexes[0].name,
        KeyConditionExpression: "userId = :userId",
        ExpressionAttributeValues: { ":userId": userId },
        ProjectionExpression: "connectionId, connectedAt",
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        connections.push({
          connectionId: String(item.connectionId),
          connectedAt: Number(item.connectedAt),
        });
      }
    }
    return connections;
  }

  async claim(
    connectionId: string,
    messageId: string,
    upTo: number,
    startIfNew: boolean,
  ): Promise<CursorClaim | undefined> {
    const moves = "cursors.#m < :upTo";
    const starts = startIfNew ? " OR attribute_not_exists(cursors.#m)" : "";
    const old = await this.updateCursor(
      connectionId,
      messageId,
      `attribute_exists(connectionId) AND (${moves}${starts})`,
      { ":upTo": upTo },
      "SET cursors.#m = :upTo",
    );
    if (old === false) return undefined;
    return { previous: old ?? -1 };
  }

  async release(
    connectionId: string,
    messageId: string,
    claim: CursorClaim,
    upTo: number,
  ): Promise<void> {
    const clear = claim.previous < 0;
    await this.updateCursor(
      connectionId,
      messageId,
      "cursors.#m = :upTo",
      clear
        ? { ":upTo": upTo }
        : { ":upTo": upTo, ":previous": claim.previous },
      clear ? "REMOVE cursors.#m" : "SET cursors.#m = :previous",
    );
  }

  async raise(
    connectionId: string,
    messageId: string,
    atLeast: number,
  ): Promise<number | undefined> {
    const old = await this.updateCursor(
      connectionId,
      messageId,
      "attribute_exists(connectionId) AND " +
        "(attribute_not_exists(cursors.#m) OR cursors.#m < :atLeast)",
      { ":atLeast": atLeast },
      "SET cursors.#m = :atLeast",
    );
    if (old !== false) return atLeast;

    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { connectionId },
        ConsistentRead: true,
      }),
    );
    const cursor = (Item?.cursors as Record<string, number> | undefined)?.[
      messageId
    ];
    return cursor;
  }

  /**
   * Updates one cursor under a condition.
   *
   * @returns the cursor before the update (undefined when it had none),
   *   or false when the condition did not hold.
   */
  private async updateCursor(
    connectionId: string,
    messageId: string,
    condition: string,
    values: Record<string, number>,
    update: string,
  ): Promise<number | undefined | false> {
    const updated = await unlessConditionFails(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { connectionId },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { "#m": messageId },
          ExpressionAttributeValues: values,
          ReturnValues: "UPDATED_OLD",
        }),
      ),
    );
    if (updated === false) return false;
    const cursors = updated.Attributes?.cursors as
      | Record<string, number>
      | undefined;
    return cursors?.[messageId];
  }
}
