import { z } from "zod";
import type { UiChunk } from "./chunk-record";
import { ChatStreamError, type ErrorCode } from "./errors";
import { idPattern } from "./ids";

const id = z.string().regex(idPattern, "must be 1-64 of A-Z a-z 0-9 _ -");

/** `chat`: a user message; no `conversationId` starts a conversation. */
export const chatActionSchema = z.object({
  action: z.literal("chat"),
  text: z.string().trim().min(1, "must not be empty"),
  conversationId: id.optional(),
});

/** `resume`: every chunk of a message after `afterSeq`, then live ones. */
export const resumeActionSchema = z.object({
  action: z.literal("resume"),
  conversationId: id,
  messageId: id,
  afterSeq: z.number().int().min(-1),
});

/** `cancel`: stop generating an answer. */
export const cancelActionSchema = z.object({
  action: z.literal("cancel"),
  conversationId: id,
  messageId: id,
});

/** `history`: the messages of a conversation. */
export const historyActionSchema = z.object({
  action: z.literal("history"),
  conversationId: id,
});

export const clientActionSchema = z.discriminatedUnion("action", [
  chatActionSchema,
  resumeActionSchema,
  cancelActionSchema,
  historyActionSchema,
]);

export type ClientAction = z.infer<typeof clientActionSchema>;
export type ChatAction = z.infer<typeof chatActionSchema>;
export type ResumeAction = z.infer<typeof resumeActionSchema>;
export type CancelAction = z.infer<typeof cancelActionSchema>;
export type HistoryAction = z.infer<typeof historyActionSchema>;

/** The actions a client can send, each to its own route. */
export const clientActions = ["chat", "resume", "cancel", "history"] as const;

export type ClientActionName = (typeof clientActions)[number];

/**
 * Parses the body of a frame for one action.
 *
 * @throws {ChatStreamError} `bad_request` naming the first invalid field.
 */
export function parseAction<S extends z.ZodType>(
  schema: S,
  body: string | null | undefined,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body ?? "");
  } catch {
    throw new ChatStreamError(
      "bad_request",
      "The frame is not JSON; send one JSON object per frame.",
    );
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") || "frame";
    throw new ChatStreamError(
      "bad_request",
      `Field "${path}" is invalid: ${issue?.message ?? "unknown"}.`,
    );
  }
  return parsed.data;
}

/** A chunk as the client sees it: its seq and the AI SDK chunk. */
export interface FrameChunk {
  seq: number;
  chunk: UiChunk;
}

/** A stored message as `history` returns it. */
export interface HistoryMessage {
  messageId: string;
  role: "user" | "assistant";
  text: string;
  status: MessageStatus;
  createdAt: string;
  errorCode?: ErrorCode;
  lastSeq?: number;
}

/** Where a message stands: assistant messages start as `streaming`. */
export type MessageStatus = "complete" | "streaming" | "cancelled" | "error";

/** Every frame the server sends, discriminated by `type`. */
export type ServerFrame =
  | {
      type: "accepted";
      action: ClientActionName;
      conversationId: string;
      messageId: string;
    }
  | {
      type: "chunks";
      conversationId: string;
      messageId: string;
      chunks: FrameChunk[];
    }
  | {
      type: "history";
      conversationId: string;
      messages: HistoryMessage[];
      /** True when the oldest messages did not fit in one frame. */
      truncated: boolean;
    }
  | {
      type: "error";
      code: ErrorCode;
      message: string;
      action?: string;
      conversationId?: string;
      messageId?: string;
    };
