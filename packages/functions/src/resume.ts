/**
 * `resume` route: the rest of an answer after a reconnect.
 *
 * Trigger: API Gateway, for frames with `"action": "resume"`.
 * Side effects: none beyond the frames it sends.
 * Contract: `accepted`, then every stored chunk of the message with
 * `seq > afterSeq` in order, in as few `chunks` frames as fit; chunks put
 * on the stream from then on reach the connection live, like every open
 * connection of the user. Works while the answer is being generated and
 * after it ended, for as long as the stage keeps conversations.
 */
import {
  type FrameChunk,
  maxFrameBytes,
  parseAction,
  resumeActionSchema,
  type ServerFrame,
} from "@chat-stream/core";
import { ownAnswer } from "./shared/conversation-access";
import { dependencies } from "./shared/dependencies";
import { userIdOf, websocketRoute } from "./shared/websocket-route";

/** Room kept for the frame's own fields. */
const envelopeBytes = 1024;

export const handler = websocketRoute(async (request) => {
  const action = parseAction(resumeActionSchema, request.body);
  const { conversationId, messageId, afterSeq } = action;
  await ownAnswer(conversationId, messageId, await userIdOf(request));

  await request.reply({
    type: "accepted",
    action: "resume",
    conversationId,
    messageId,
  });

  const stored = await dependencies().chunks.read(messageId, afterSeq);
  const frames = toFrames(
    conversationId,
    messageId,
    stored.map(({ seq, chunk }) => ({ seq, chunk })),
  );
  for (const frame of frames) await request.reply(frame);
  request.annotate({ message_id: messageId, replayed: stored.length });
});

/** Splits chunks into frames that each fit one WebSocket message. */
export function toFrames(
  conversationId: string,
  messageId: string,
  chunks: FrameChunk[],
): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let batch: FrameChunk[] = [];
  let bytes = envelopeBytes;

  for (const chunk of chunks) {
    const size = Buffer.byteLength(JSON.stringify(chunk));
    if (batch.length > 0 && bytes + size > maxFrameBytes) {
      frames.push({ type: "chunks", conversationId, messageId, chunks: batch });
      batch = [];
      bytes = envelopeBytes;
    }
    batch.push(chunk);
    bytes += size;
  }
  if (batch.length > 0) {
    frames.push({ type: "chunks", conversationId, messageId, chunks: batch });
  }
  return frames;
}
