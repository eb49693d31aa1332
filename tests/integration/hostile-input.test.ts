import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestStack, type TestStack } from "../support/local-stack";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Opens a raw socket, sends one frame, and reports how it closed. */
async function closeCodeAfter(frame: string | Buffer): Promise<number> {
  const token = await stack.token("mallory");
  const socket = new WebSocket(`${stack.outputs.websocketUrl}?token=${token}`);
  await new Promise((resolve) => socket.once("open", resolve));
  return new Promise((resolve) => {
    socket.once("close", (code) => resolve(code));
    socket.send(frame);
  });
}

describe("hostile input", () => {
  it("closes sockets that send binary or oversized frames, as API Gateway does", async () => {
    expect(await closeCodeAfter(Buffer.from([0, 1, 2]))).toBe(1003);
    expect(await closeCodeAfter("x".repeat(40 * 1024))).toBe(1009);
  });

  it("answers a burst of malformed frames with errors and keeps serving", async () => {
    const client = await stack.connect("mallory");
    const frames = [
      "",
      "null",
      "[]",
      '{"action":null}',
      '{"action":"chat","text":42}',
      '{"action":"chat","text":"hi","conversationId":{"$ne":null}}',
      '{"action":"resume","conversationId":"a","messageId":"b","afterSeq":"0"}',
      '{"action":"__proto__"}',
      `{"action":"chat","text":"${"é".repeat(9_000)}"}`,
    ];
    for (let round = 0; round < 10; round++) {
      for (const frame of frames) client.send(frame);
    }
    await client.until(
      () =>
        client.frames.filter((f) => f.type === "error").length ===
        frames.length * 10,
      20_000,
    );
    const codes = new Set(
      client.frames.map((frame) => frame.type === "error" && frame.code),
    );
    expect([...codes].sort()).toEqual([
      "bad_request",
      "input_too_large",
      "unknown_action",
    ]);

    const { messageId } = await client.chat("still there? #words=5");
    expect((await client.answer(messageId)).repeats).toEqual([]);
  });
});
