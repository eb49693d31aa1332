import * as authorizer from "@chat-stream/functions/authorizer";
import * as cancel from "@chat-stream/functions/cancel";
import * as chat from "@chat-stream/functions/chat";
import * as connect from "@chat-stream/functions/connect";
import * as defaultRoute from "@chat-stream/functions/default";
import * as deliver from "@chat-stream/functions/deliver";
import * as disconnect from "@chat-stream/functions/disconnect";
import * as generate from "@chat-stream/functions/generate";
import * as history from "@chat-stream/functions/history";
import * as resume from "@chat-stream/functions/resume";
import type { KinesisStreamEvent } from "aws-lambda";
import type { LocalFunction } from "../emulators";

/** The functions of the app, as the local stack runs them. */
export interface LocalFunctions {
  authorizer: LocalFunction;
  routes: Record<string, LocalFunction>;
  generate: LocalFunction;
  deliver: LocalFunction;
}

/**
 * The same handler modules the infra deploys, named the way SST names
 * them, with the timeouts the infra gives them.
 */
export function localFunctions(
  prefix: string,
  generationTimeoutSeconds: number,
): LocalFunctions {
  const route = (name: string, module: { handler: Handler }) => ({
    name: `${prefix}-${name}`,
    handler: module.handler,
    timeoutSeconds: 10,
  });

  return {
    authorizer: route("Authorizer", authorizer as Module),
    routes: {
      $connect: route("Connect", connect),
      $disconnect: route("Disconnect", disconnect),
      $default: route("Default", defaultRoute),
      chat: route("Chat", chat),
      resume: route("Resume", resume),
      cancel: route("Cancel", cancel),
      history: route("History", history),
    },
    generate: {
      name: `${prefix}-Generate`,
      handler: generate.handler as Handler,
      timeoutSeconds: Math.min(generationTimeoutSeconds + 30, 900),
      maximumRetryAttempts: 0,
    },
    deliver: {
      name: `${prefix}-Deliver`,
      handler: (event, context) =>
        deliver.handler(event as KinesisStreamEvent, context),
      timeoutSeconds: 60,
    },
  };
}

type Handler = LocalFunction["handler"];
type Module = { handler: Handler };
