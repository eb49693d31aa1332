import type { FrameChunk, HistoryMessage } from "@chat-stream/core";
import {
  ChatClient,
  isType,
} from "../../packages/local/src/client/chat-client";
import type { TestStack } from "./local-stack";
import { seededRandom } from "./random";

/** What a client that kept losing its socket ended up with. */
export interface ResumedAnswer {
  conversationId: string;
  messageId: string;
  chunks: FrameChunk[];
  text: string;
  /** Seqs that reached the user more than once, over all connections. */
  repeats: number[];
  drops: number;
  stored: HistoryMessage;
}

/**
 * Asks a question, then drops the socket after a random number of frames,
 * reconnects and resumes from the last contiguous seq it holds, until the
 * answer has finished; then reads the stored message.
 */
export async function answerThroughDrops(
  stack: TestStack,
  userId: string,
  text: string,
  random: () => number,
  maxDrops: number,
): Promise<ResumedAnswer> {
  const token = await stack.token(userId);
  const url = stack.outputs.websocketUrl;
  const held = new Map<number, FrameChunk>();
  const repeats: number[] = [];

  let client = await ChatClient.connect(url, token);
  client.send({ action: "chat", text });
  const { conversationId, messageId } = await client.waitFor(
    isType("accepted"),
  );

  let drops = 0;
  while (true) {
    const dropAfter =
      drops < maxDrops
        ? 1 + Math.floor(random() * 6)
        : Number.POSITIVE_INFINITY;
    const chunkFrames = () =>
      client.frames.filter(
        (frame) => frame.type === "chunks" && frame.messageId === messageId,
      ).length;
    const finished = () =>
      isComplete(merge(held, client.assemble(messageId).chunks));

    // Frames after the drop point count as lost in flight, however fast
    // they came in.
    await client.until(() => finished() || chunkFrames() >= dropAfter, 20_000);
    const seen = client.assemble(messageId, dropAfter);
    for (const chunk of seen.chunks) {
      if (held.has(chunk.seq)) repeats.push(chunk.seq);
      held.set(chunk.seq, chunk);
    }
    repeats.push(...seen.repeats);
    if (isComplete(held)) break;

    client.drop();
    drops++;
    client = await ChatClient.connect(url, token);
    client.send({
      action: "resume",
      conversationId,
      messageId,
      afterSeq: contiguousEnd(held),
    });
  }

  const stored = await storedAnswer(client, conversationId, messageId);
  await client.close();

  const chunks = [...held.values()].sort((a, b) => a.seq - b.seq);
  return {
    conversationId,
    messageId,
    chunks,
    text: chunks
      .filter(({ chunk }) => chunk.type === "text-delta")
      .map(({ chunk }) => String(chunk.delta))
      .join(""),
    repeats,
    drops,
    stored,
  };
}

/** Reads the message from `history` once it is no longer streaming. */
export async function storedAnswer(
  client: ChatClient,
  conversationId: string,
  messageId: string,
): Promise<HistoryMessage> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const from = client.frames.length;
    client.send({ action: "history", conversationId });
    const history = await client.waitFor(isType("history"), { from });
    const message = history.messages.find((m) => m.messageId === messageId);
    if (message && message.status !== "streaming") return message;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Message "${messageId}" never stopped streaming.`);
}

function merge(
  held: Map<number, FrameChunk>,
  more: FrameChunk[],
): Map<number, FrameChunk> {
  const all = new Map(held);
  for (const chunk of more) all.set(chunk.seq, chunk);
  return all;
}

function contiguousEnd(held: Map<number, FrameChunk>): number {
  let seq = -1;
  while (held.has(seq + 1)) seq++;
  return seq;
}

function isComplete(held: Map<number, FrameChunk>): boolean {
  const end = contiguousEnd(held);
  return held.get(end)?.chunk.type === "finish";
}

/**
 * Twelve answers, three at a time, each through up to five drops: on two
 * cores, more at once make the generator coalesce so much that an answer
 * is only a few frames, and drops become rare.
 */
export async function answersThroughDrops(
  stack: TestStack,
  seed: number,
  random: () => number,
): Promise<ResumedAnswer[]> {
  const answers: ResumedAnswer[] = [];
  for (let wave = 0; wave < 4; wave++) {
    const users = [0, 1, 2].map((i) => wave * 3 + i);
    const words = () => 60 + Math.floor(random() * 80);
    answers.push(
      ...(await Promise.all(
        users.map((user) =>
          answerThroughDrops(
            stack,
            `user-${user}`,
            `question ${user} #words=${words()}`,
            seededRandom(seed + user),
            5,
          ),
        ),
      )),
    );
  }
  return answers;
}
