import {
  ChatStreamError,
  chatActionSchema,
  parseAction,
  resumeActionSchema,
} from "@chat-stream/core";
import { describe, expect, it } from "vitest";

describe("parseAction", () => {
  it("accepts a chat with and without a conversation", () => {
    expect(
      parseAction(chatActionSchema, '{"action":"chat","text":"hi"}'),
    ).toEqual({ action: "chat", text: "hi" });
    expect(
      parseAction(
        chatActionSchema,
        '{"action":"chat","text":"hi","conversationId":"abc-1"}',
      ).conversationId,
    ).toBe("abc-1");
  });

  it.each([
    ["not json", "is not JSON"],
    ['{"action":"chat"}', 'Field "text"'],
    ['{"action":"chat","text":"   "}', 'Field "text"'],
    [
      '{"action":"chat","text":"x","conversationId":"../etc"}',
      "conversationId",
    ],
  ])("rejects %s with bad_request", (body, message) => {
    try {
      parseAction(chatActionSchema, body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ChatStreamError);
      expect((error as ChatStreamError).code).toBe("bad_request");
      expect((error as Error).message).toContain(message);
    }
  });

  it("requires afterSeq of at least -1 for resume", () => {
    const body = (afterSeq: number) =>
      JSON.stringify({
        action: "resume",
        conversationId: "c",
        messageId: "m",
        afterSeq,
      });
    expect(parseAction(resumeActionSchema, body(-1)).afterSeq).toBe(-1);
    expect(() => parseAction(resumeActionSchema, body(-2))).toThrow(
      ChatStreamError,
    );
  });
});
