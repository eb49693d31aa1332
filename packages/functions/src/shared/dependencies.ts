import {
  type ChunkStore,
  type ConnectionStore,
  type ConversationStore,
  DynamoChunkStore,
  DynamoConnectionStore,
  DynamoConversationStore,
  dynamoClient,
  type FrameSender,
  ManagementApiFrameSender,
  managementClient,
  type RuntimeSettings,
  runtimeSettingsSchema,
} from "@chat-stream/core";
import { Resource } from "sst";

/**
 * The stores and senders a function works with, built on first use from
 * the linked resources. Functions read resources only through `Resource`,
 * in AWS, under `sst dev` and on the local stack alike.
 */
export interface Dependencies {
  settings: RuntimeSettings;
  connections: ConnectionStore;
  conversations: ConversationStore;
  chunks: ChunkStore;
  sender: FrameSender;
}

let cached: Dependencies | undefined;

/** The function's dependencies, built once per container. */
export function dependencies(): Dependencies {
  cached ??= build();
  return cached;
}

function build(): Dependencies {
  const client = dynamoClient();
  const lazily = <T>(make: () => T) => {
    let value: T | undefined;
    return () => {
      value ??= make();
      return value;
    };
  };

  // Each function is linked to only what it uses, so a dependency is
  // built only when first touched: reading an unlinked resource throws.
  const settings = lazily(() =>
    runtimeSettingsSchema.parse(Resource.ChatSettings),
  );
  const connections = lazily(
    () => new DynamoConnectionStore(client, Resource.Connections.name),
  );
  const conversations = lazily(
    () =>
      new DynamoConversationStore(
        client,
        Resource.Conversations.name,
        settings().retentionDays,
      ),
  );
  const chunks = lazily(
    () =>
      new DynamoChunkStore(
        client,
        Resource.Chunks.name,
        settings().retentionDays,
      ),
  );
  const sender = lazily(
    () =>
      new ManagementApiFrameSender(
        managementClient(Resource.Api.managementEndpoint),
      ),
  );

  return {
    get settings() {
      return settings();
    },
    get connections() {
      return connections();
    },
    get conversations() {
      return conversations();
    },
    get chunks() {
      return chunks();
    },
    get sender() {
      return sender();
    },
  };
}
