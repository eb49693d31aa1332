/**
 * `chat` route: a user message.
 *
 * Trigger: API Gateway, for frames with `"action": "chat"`.
 * Side effects: creates the conversation when none is named, stores the
 * user message and an assistant message in `streaming` state, starts the
 * connection's delivery cursor for the answer, replies `accepted`, then invokes the generation function asynchronously (an
 * answer may take minutes; a route integration is cut at 29 s).
 * Contract: the client gets `accepted`, or an `error` frame when the
 * message is refused or the answer could not be started; the answer
 * itself arrives as `chunks` frames from the stream.
 */
import { InvokeCommand } from "@aws-sdk/client-lambda";
import {
  ChatStreamError,
  chatActionSchema,
  lambdaClient,
  newId,
  parseAction,
} from "@chat-stream/core";
import { Resource } from "sst";
import { ownConversation } from "./shared/conversation-access";
import { dependencies } from "./shared/dependencies";
import type { GenerationJobPayload } from "./shared/generation-job";
import { userIdOf, websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  const action = parseAction(chatActionSchema, request.body);
  const { settings, conversations } = dependencies();
  if (action.text.length > settings.maxInputChars) {
    throw new ChatStreamError(
      "input_too_large",
      `The message has ${action.text.length} characters; the limit is ` +
        `${settings.maxInputChars}.`,
    );
  }

  const userId = await userIdOf(request);
  const now = Date.now();
  const createdAt = new Date(now).toISOString();
  const conversationId = action.conversationId ?? newId();
  if (action.conversationId) {
    await ownConversation(conversationId, userId);
  } else {
    await conversations.createConversation({
      conversationId,
      userId,
      title: action.text.slice(0, 80),
      createdAt,
      updatedAt: createdAt,
    });
  }

  // Ids sort by creation time: the question's must come first.
  const questionId = newId();
  const messageId = newId();
  await conversations.putMessage({
    conversationId,
    messageId: questionId,
    role: "user",
    text: action.text,
    status: "complete",
    createdAt,
  });
  await conversations.putMessage({
    conversationId,
    messageId,
    role: "assistant",
    text: "",
    status: "streaming",
    createdAt,
  });
  request.annotate({ conversation_id: conversationId, message_id: messageId });

  // The asking connection follows its answer from the first chunk even
  // if the index delivery reads connections from has not caught up yet.
  await dependencies().connections.raise(request.connectionId, messageId, -1);

  await request.reply({
    type: "accepted",
    action: "chat",
    conversationId,
    messageId,
  });

  const job: GenerationJobPayload = {
    conversationId,
    messageId,
    userId,
    connectionId: request.connectionId,
    startedAt: now,
  };
  await startGeneration(job);
});

async function startGeneration(job: GenerationJobPayload): Promise<void> {
  try {
    await lambdaClient().send(
      new InvokeCommand({
        FunctionName: Resource.Generate.name,
        InvocationType: "Event",
        Payload: JSON.stringify(job),
      }),
    );
  } catch (error) {
    await dependencies().conversations.finishMessage(
      job.conversationId,
      job.messageId,
      { text: "", status: "error", errorCode: "internal_error", lastSeq: -1 },
    );
    throw error;
  }
}
