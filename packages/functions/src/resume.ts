/**
 * `resume` route: the rest of an answer after a reconnect.
 *
 * Trigger: API Gateway, for frames with `"action": "resume"`.
 * Side effects: moves the connection's delivery cursor for the message.
 * Contract: `accepted`, then every stored chunk of the message with
 * `seq > afterSeq` in seq order, in as few `chunks` frames as fit; later
 * chunks reach the connection live. Works while the answer is being
 * generated and after it ended, for as long as the stage keeps
 * conversations. Live frames may overtake the last replayed ones: a
 * client places chunks by `seq`.
 */
import {
  chunkFrames,
  parseAction,
  resumeActionSchema,
  type SequencedChunk,
} from "@chat-stream/core";
import { ownAnswer } from "./shared/conversation-access";
import { dependencies } from "./shared/dependencies";
import { userIdOf, websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  const action = parseAction(resumeActionSchema, request.body);
  const { conversationId, messageId, afterSeq } = action;
  await ownAnswer(conversationId, messageId, await userIdOf(request));
  const { connections, chunks } = dependencies();

  await request.reply({
    type: "accepted",
    action: "resume",
    conversationId,
    messageId,
  });

  // First tell live delivery what the client has, so it neither resends
  // that nor skips past what the replay below will send.
  const cursor =
    (await connections.raise(request.connectionId, messageId, afterSeq)) ??
    afterSeq;
  const stored = await chunks.read(messageId, afterSeq);
  const last = stored.at(-1)?.seq ?? afterSeq;

  // Chunks up to the cursor were asked for again; the rest must be
  // claimed, since live delivery may have sent some since the raise.
  let replay: SequencedChunk[] = stored.filter((chunk) => chunk.seq <= cursor);
  if (last > cursor) {
    const claim = await connections.claim(
      request.connectionId,
      messageId,
      last,
      false,
    );
    if (claim) {
      replay = replay.concat(
        stored.filter((chunk) => chunk.seq > claim.previous),
      );
    }
  }

  for (const frame of chunkFrames(conversationId, messageId, replay)) {
    await request.reply(frame);
  }
  request.annotate({ message_id: messageId, replayed: replay.length });
});
