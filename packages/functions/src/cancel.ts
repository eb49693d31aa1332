/**
 * `cancel` route: stop an answer that is being generated.
 *
 * Trigger: API Gateway, for frames with `"action": "cancel"`.
 * Side effects: flags the message; the generator notices within a poll
 * interval, stops the model and ends the answer with `abort` and
 * `finish`, keeping the partial text as the message's final text.
 * Contract: `accepted` whether or not the answer was still running
 * (cancelling twice, or after the end, changes nothing); `error` with
 * `conversation_not_found` or `message_not_found` otherwise.
 */
import { cancelActionSchema, parseAction } from "@chat-stream/core";
import { ownAnswer } from "./shared/conversation-access";
import { dependencies } from "./shared/dependencies";
import { userIdOf, websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  const action = parseAction(cancelActionSchema, request.body);
  const { conversationId, messageId } = action;
  await ownAnswer(conversationId, messageId, await userIdOf(request));

  const requested = await dependencies().conversations.requestCancel(
    conversationId,
    messageId,
  );
  request.annotate({ message_id: messageId, was_streaming: requested });
  await request.reply({
    type: "accepted",
    action: "cancel",
    conversationId,
    messageId,
  });
});
