/**
 * `$default` route: frames whose `action` names no route.
 *
 * Trigger: API Gateway. Side effects: none.
 * Contract: answers with an `error` frame, `bad_request` for a frame
 * that is not a JSON object with an `action`, else `unknown_action`.
 */
import { ChatStreamError, clientActions } from "@chat-stream/core";
import { websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  let action: unknown;
  try {
    action = (JSON.parse(request.body ?? "") as { action?: unknown })?.action;
  } catch {
    action = undefined;
  }

  if (typeof action !== "string") {
    throw new ChatStreamError(
      "bad_request",
      'Send a JSON object with an "action" field.',
    );
  }
  throw new ChatStreamError(
    "unknown_action",
    `Action "${action.slice(0, 40)}" does not exist; use one of ` +
      `${clientActions.join(", ")}.`,
  );
});
