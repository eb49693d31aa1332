/**
 * `history` route: the messages of a conversation.
 *
 * Trigger: API Gateway, for frames with `"action": "history"`.
 * Side effects: none.
 * Contract: one `history` frame with the messages, oldest first. When
 * they do not fit in one WebSocket message, the oldest are left out and
 * `truncated` is true.
 */
import {
  frameEnvelopeBytes,
  type HistoryMessage,
  historyActionSchema,
  maxFrameBytes,
  parseAction,
} from "@chat-stream/core";
import { ownConversation } from "./shared/conversation-access";
import { dependencies } from "./shared/dependencies";
import { userIdOf, websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  const { conversationId } = parseAction(historyActionSchema, request.body);
  await ownConversation(conversationId, await userIdOf(request));

  const stored =
    await dependencies().conversations.listMessages(conversationId);
  const messages: HistoryMessage[] = stored.map((message) => ({
    messageId: message.messageId,
    role: message.role,
    text: message.text,
    status: message.status,
    createdAt: message.createdAt,
    errorCode: message.errorCode,
    lastSeq: message.lastSeq,
  }));

  let bytes = frameEnvelopeBytes;
  let first = messages.length;
  while (first > 0) {
    const size = Buffer.byteLength(JSON.stringify(messages[first - 1]));
    if (bytes + size > maxFrameBytes) break;
    bytes += size;
    first--;
  }

  request.annotate({ messages: messages.length - first });
  await request.reply({
    type: "history",
    conversationId,
    messages: messages.slice(first),
    truncated: first > 0,
  });
});
