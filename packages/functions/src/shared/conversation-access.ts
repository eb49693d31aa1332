import {
  ChatStreamError,
  type Conversation,
  type Message,
} from "@chat-stream/core";
import { dependencies } from "./dependencies";

/**
 * A conversation of this user. Another user's conversation is reported
 * as not found, so ids reveal nothing about who else is chatting.
 */
export async function ownConversation(
  conversationId: string,
  userId: string,
): Promise<Conversation> {
  const conversation =
    await dependencies().conversations.getConversation(conversationId);
  if (!conversation || conversation.userId !== userId) {
    throw new ChatStreamError(
      "conversation_not_found",
      `Conversation "${conversationId}" does not exist; start a new one ` +
        "by sending a chat without a conversationId.",
    );
  }
  return conversation;
}

/** An assistant message in a conversation of this user. */
export async function ownAnswer(
  conversationId: string,
  messageId: string,
  userId: string,
): Promise<Message> {
  await ownConversation(conversationId, userId);
  const message = await dependencies().conversations.getMessage(
    conversationId,
    messageId,
  );
  if (message?.role !== "assistant") {
    throw new ChatStreamError(
      "message_not_found",
      `Message "${messageId}" is not an answer in conversation ` +
        `"${conversationId}".`,
    );
  }
  return message;
}
