import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { connectionsTable } from "../tables";

/** An open WebSocket connection and the user it belongs to. */
export interface Connection {
  connectionId: string;
  userId: string;
  /** Epoch milliseconds. */
  connectedAt: number;
  /** Epoch seconds after which DynamoDB may delete a forgotten item. */
  expiresAt: number;
}

/** Where connections are kept between `$connect` and `$disconnect`. */
export interface ConnectionStore {
  put(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  delete(connectionId: string): Promise<void>;
  /** The ids of every open connection of a user. */
  listByUser(userId: string): Promise<string[]>;
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
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: connection }),
    );
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { connectionId } }),
    );
    return Item as Connection | undefined;
  }

  async delete(connectionId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { connectionId } }),
    );
  }

  async listByUser(userId: string): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: connectionsTable.globalIndexes[0].name,
          KeyConditionExpression: "userId = :userId",
          ExpressionAttributeValues: { ":userId": userId },
          ProjectionExpression: "connectionId",
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.connectionId));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }
}
