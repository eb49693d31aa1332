import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type StageConfigInput,
  signUserToken,
  stageConfig,
} from "@chat-stream/core";
import { ChatClient } from "../../packages/local/src/client/chat-client";
import type { FaultSettings } from "../../packages/local/src/stack/inject-faults";
import {
  type LocalStack,
  startLocalStack,
} from "../../packages/local/src/stack/local-stack";

/** A local stack on free ports in a temporary folder, for one test file. */
export interface TestStack extends LocalStack {
  directory: string;
  /** A token for a user, signed with this stack's secret. */
  token(userId: string): Promise<string>;
  /** A connection of a user; closed with the stack. */
  connect(userId: string): Promise<ChatClient>;
}

/**
 * Starts the local stack the way `npm start` does, with a fast scripted
 * model. One per test file: the handlers read their links from the
 * process environment once.
 */
export async function startTestStack(
  overrides: Partial<StageConfigInput> = {},
  faults?: FaultSettings,
): Promise<TestStack> {
  const directory = await mkdtemp(join(tmpdir(), "chat-stream-test-"));
  const secret = "test-secret-of-at-least-sixteen";
  process.env.TOKEN_SECRET = secret;
  const stack = await startLocalStack({
    config: stageConfig("local", {
      model: { provider: "local", delayMs: 2 },
      coalesceMs: 10,
      ...overrides,
    }),
    directory,
    pollIntervalMs: 50,
    faults,
  });

  const clients: ChatClient[] = [];
  const token = (userId: string) => signUserToken(userId, secret);

  return {
    ...stack,
    directory,
    token,
    connect: async (userId) => {
      const client = await ChatClient.connect(
        stack.outputs.websocketUrl,
        await token(userId),
      );
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      await stack.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
