import type {
  ChunkPublisher,
  ChunkRecord,
  ChunkStore,
  Connection,
  ConnectionStore,
  Conversation,
  ConversationStore,
  CursorClaim,
  FrameSender,
  Message,
  MessageEnding,
  SendOutcome,
  SequencedChunk,
  ServerFrame,
} from "@chat-stream/core";

/** Connections and their cursors kept in maps. */
export class FakeConnectionStore implements ConnectionStore {
  readonly items = new Map<string, Connection>();
  readonly cursors = new Map<string, number>();
  readonly deleted: string[] = [];

  async put(connection: Connection) {
    this.items.set(connection.connectionId, connection);
  }
  async get(connectionId: string) {
    return this.items.get(connectionId);
  }
  async delete(connectionId: string) {
    this.deleted.push(connectionId);
    this.items.delete(connectionId);
  }
  async listByUser(userId: string) {
    return [...this.items.values()]
      .filter((connection) => connection.userId === userId)
      .map(({ connectionId, connectedAt }) => ({ connectionId, connectedAt }));
  }
  async claim(
    connectionId: string,
    messageId: string,
    upTo: number,
    startIfNew: boolean,
  ): Promise<CursorClaim | undefined> {
    if (!this.items.has(connectionId)) return undefined;
    const key = `${connectionId}/${messageId}`;
    const cursor = this.cursors.get(key);
    if (cursor === undefined && !startIfNew) return undefined;
    if (cursor !== undefined && cursor >= upTo) return undefined;
    this.cursors.set(key, upTo);
    return { previous: cursor ?? -1 };
  }
  async release(
    connectionId: string,
    messageId: string,
    claim: CursorClaim,
    upTo: number,
  ) {
    const key = `${connectionId}/${messageId}`;
    if (this.cursors.get(key) !== upTo) return;
    if (claim.previous < 0) this.cursors.delete(key);
    else this.cursors.set(key, claim.previous);
  }
  async raise(connectionId: string, messageId: string, atLeast: number) {
    if (!this.items.has(connectionId)) return undefined;
    const key = `${connectionId}/${messageId}`;
    const cursor = Math.max(this.cursors.get(key) ?? atLeast, atLeast);
    this.cursors.set(key, cursor);
    return cursor;
  }
}

/** Records every frame; named connections answer gone or fail. */
export class FakeFrameSender implements FrameSender {
  readonly sent: Array<{ connectionId: string; frame: ServerFrame }> = [];
  readonly gone = new Set<string>();
  readonly failing = new Set<string>();

  async send(connectionId: string, frame: ServerFrame): Promise<SendOutcome> {
    if (this.failing.has(connectionId)) throw new Error("throttled");
    if (this.gone.has(connectionId)) return "gone";
    this.sent.push({ connectionId, frame });
    return "sent";
  }
  async disconnect(connectionId: string) {
    this.gone.add(connectionId);
  }
}

/** Conversations and messages kept in maps. */
export class FakeConversationStore implements ConversationStore {
  readonly conversations = new Map<string, Conversation>();
  readonly messages = new Map<string, Message>();

  async getConversation(conversationId: string) {
    return this.conversations.get(conversationId);
  }
  async createConversation(conversation: Conversation) {
    if (this.conversations.has(conversation.conversationId)) return false;
    this.conversations.set(conversation.conversationId, conversation);
    return true;
  }
  async putMessage(message: Message) {
    this.messages.set(message.messageId, { ...message });
  }
  async getMessage(_conversationId: string, messageId: string) {
    const message = this.messages.get(messageId);
    return message && { ...message };
  }
  async listMessages(conversationId: string) {
    return [...this.messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .sort((a, b) => a.messageId.localeCompare(b.messageId));
  }
  async finishMessage(
    _conversationId: string,
    messageId: string,
    ending: MessageEnding,
  ) {
    const message = this.messages.get(messageId);
    if (message?.status !== "streaming") return false;
    Object.assign(message, ending);
    return true;
  }
  async requestCancel(_conversationId: string, messageId: string) {
    const message = this.messages.get(messageId);
    if (message?.status !== "streaming") return false;
    message.cancelRequested = true;
    return true;
  }
}

/** Keeps records in memory; can be told to fail. */
export class FakeChunkStore implements ChunkStore {
  readonly records: ChunkRecord[] = [];
  failWith: Error | undefined;

  async append(record: ChunkRecord) {
    if (this.failWith) throw this.failWith;
    this.records.push(record);
  }
  async read(messageId: string, afterSeq: number): Promise<SequencedChunk[]> {
    return this.records
      .filter((record) => record.messageId === messageId)
      .flatMap((record) => record.chunks)
      .filter((chunk) => chunk.seq > afterSeq);
  }
}

/** Records what was published, in order. */
export class FakePublisher implements ChunkPublisher {
  readonly records: ChunkRecord[] = [];
  failWith: Error | undefined;

  async publish(record: ChunkRecord) {
    if (this.failWith) throw this.failWith;
    this.records.push(record);
  }
}

/** An async iterable over the given items, with optional pauses. */
export async function* fromArray<T>(
  items: T[],
  pauseMs = 0,
): AsyncGenerator<T> {
  for (const item of items) {
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    yield item;
  }
}

/** Collects an async iterable into an array. */
export async function toArray<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
