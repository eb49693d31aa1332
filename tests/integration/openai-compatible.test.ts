import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "../support/local-stack";

/**
 * A stand-in for an OpenAI-compatible server (such as Ollama): it streams
 * a fixed reply as chat completion chunks over server-sent events and
 * records the requests it got.
 */
function startCompatibleServer(words: string[]) {
  const requests: Array<{ path: string; body: { model: string } }> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (data) => {
      body += data;
    });
    request.on("end", () => {
      requests.push({ path: request.url ?? "", body: JSON.parse(body) });
      response.writeHead(200, { "content-type": "text/event-stream" });
      const event = (data: unknown) =>
        response.write(`data: ${JSON.stringify(data)}\n\n`);
      const chunk = (delta: object, finish: string | null = null) => ({
        id: "cmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "tiny",
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      event(chunk({ role: "assistant", content: "" }));
      for (const [i, word] of words.entries()) {
        event(chunk({ content: i === 0 ? word : ` ${word}` }));
      }
      event(chunk({}, "stop"));
      response.end("data: [DONE]\n\n");
    });
  });
  return { server, requests };
}

const reply = ["Shards", "split", "a", "stream", "by", "key."];
const compatible = startCompatibleServer(reply);
let server: Server;
let stack: TestStack;

beforeAll(async () => {
  server = compatible.server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  stack = await startTestStack({
    model: {
      provider: "openai-compatible",
      id: "tiny",
      baseUrl: `http://127.0.0.1:${port}/v1`,
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("an OpenAI-compatible model", () => {
  it("answers through the pipeline when configured", async () => {
    const client = await stack.connect("olga");
    const { messageId } = await client.chat("What is a shard?");
    const answer = await client.answer(messageId);

    expect(answer.text).toBe(reply.join(" "));
    expect(answer.chunks[0]?.chunk).toMatchObject({
      type: "start",
      messageMetadata: { model: "openai-compatible:tiny" },
    });
    expect(compatible.requests).toHaveLength(1);
    expect(compatible.requests[0]).toMatchObject({
      path: "/v1/chat/completions",
      body: { model: "tiny" },
    });
  });
});
