import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ErrorCode } from "../errors";
import type { MessageStatus } from "../protocol";
import { unlessConditionFails } from "./conditional-write";

/** A thread of messages between one user and the assistant. */
export interface Conversation {
  conversationId: string;
  userId: string;
  title: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** One user or assistant turn. */
export interface Message {
  conversationId: string;
  messageId: string;
  role: "user" | "assistant";
  text: string;
  status: MessageStatus;
  createdAt: string;
  /** The model that wrote an assistant message, as it labels itself. */
  model?: string;
  errorCode?: ErrorCode;
  /** The seq of the last chunk of a finished assistant message. */
  lastSeq?: number;
  /** Set by `cancel`; the generator polls it. */
  cancelRequested?: boolean;
}

/** How an assistant message ended. */
export interface MessageEnding {
  text: string;
  status: Exclude<MessageStatus, "streaming">;
  lastSeq: number;
  errorCode?: ErrorCode;
  model?: string;
}

/** Where conversations and their messages are kept. */
export interface ConversationStore {
  getConversation(conversationId: string): Promise<Conversation | undefined>;
  /** Creates a conversation; false when the id is taken. */
  createConversation(conversation: Conversation): Promise<boolean>;
  putMessage(message: Message): Promise<void>;
  getMessage(
    conversationId: string,
    messageId: string,
  ): Promise<Message | undefined>;
  /** A conversation's messages, oldest first. */
  listMessages(conversationId: string): Promise<Message[]>;
  /** Ends a streaming message; false when it had ended already. */
  finishMessage(
    conversationId: string,
    messageId: string,
    ending: MessageEnding,
  ): Promise<boolean>;
  /** Asks the generator to stop; false when the message is not streaming. */
  requestCancel(conversationId: string, messageId: string): Promise<boolean>;
}

const conversationKey = "CONVERSATION";
const messagePrefix = "MESSAGE#";

/** {@link ConversationStore} on the `Conversations` DynamoDB table. */
export class DynamoConversationStore implements ConversationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long items are kept; DynamoDB deletes them after that. */
    private readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {}

  async getConversation(
    conversationId: string,
  ): Promise<Conversation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { conversationId, sk: conversationKey },
      }),
    );
    if (!Item) return undefined;
    const { conversationId: id, userId, title, createdAt, updatedAt } = Item;
    return { conversationId: id, userId, title, createdAt, updatedAt };
  }

  async createConversation(conversation: Conversation): Promise<boolean> {
    const created = await unlessConditionFails(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...conversation,
            sk: conversationKey,
            expiresAt: this.expiresAt(),
          },
          ConditionExpression: "attribute_not_exists(conversationId)",
        }),
      ),
    );
    return created !== false;
  }

  async putMessage(message: Message): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...message,
          sk: messagePrefix + message.messageId,
          expiresAt: this.expiresAt(),
        },
      }),
    );
  }

  async getMessage(
    conversationId: string,
    messageId: string,
  ): Promise<Message | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { conversationId, sk: messagePrefix + messageId },
        ConsistentRead: true,
      }),
    );
    return Item ? toMessage(Item) : undefined;
  }

  async listMessages(conversationId: string): Promise<Message[]> {
    const messages: Message[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression:
          "conversationId = :id AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":id": conversationId,
          ":prefix": messagePrefix,
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) messages.push(toMessage(item));
    }
    return messages;
  }

  async finishMessage(
    conversationId: string,
    messageId: string,
    ending: MessageEnding,
  ): Promise<boolean> {
    const names = ["text", "status", "lastSeq", "errorCode", "model"] as const;
    const present = names.filter((name) => ending[name] !== undefined);
    const values: Record<string, unknown> = { ":streaming": "streaming" };
    for (const name of present) values[`:${name}`] = ending[name];

    return this.conditionalUpdate({
      Key: { conversationId, sk: messagePrefix + messageId },
      UpdateExpression: `SET ${present.map((n) => `#${n} = :${n}`).join(", ")}`,
      ConditionExpression: "#status = :streaming",
      ExpressionAttributeNames: Object.fromEntries(
        [...present, "status"].map((name) => [`#${name}`, name]),
      ),
      ExpressionAttributeValues: values,
    });
  }

  async requestCancel(
    conversationId: string,
    messageId: string,
  ): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { conversationId, sk: messagePrefix + messageId },
      UpdateExpression: "SET cancelRequested = :true",
      ConditionExpression: "#status = :streaming",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":true": true, ":streaming": "streaming" },
    });
  }

  private async conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">,
  ): Promise<boolean> {
    const updated = await unlessConditionFails(() =>
      this.client.send(
        new UpdateCommand({ TableName: this.tableName, ...input }),
      ),
    );
    return updated !== false;
  }

  private expiresAt(): number {
    return Math.floor(this.now() / 1000) + this.retentionDays * 86_400;
  }
}

function toMessage(item: Record<string, unknown>): Message {
  const { sk: _sk, expiresAt: _expiresAt, ...message } = item;
  return message as unknown as Message;
}
