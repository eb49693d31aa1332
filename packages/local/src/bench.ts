/**
 * `npm run bench`: measures the local pipeline end to end with the
 * scripted model: how long until `accepted`, the first text and `finish`,
 * and how many chunks travel per frame. Options (all optional):
 * `--answers 20 --concurrency 1 --words 60 --delay-ms 40 --coalesce-ms 50`.
 *
 * The figures describe this machine's local stack, where every stand-in
 * and handler shares one Node process; they are not AWS latencies.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { signUserToken, stageConfig } from "@chat-stream/core";
import { ChatClient, isType } from "./client/chat-client";
import { loadTokenSecret } from "./stack/token-secret";

// Read when the functions' modules load: set before importing the stack.
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
const { startLocalStack } = await import("./stack/local-stack");

interface Sample {
  acceptedMs: number;
  firstTextMs: number;
  finishMs: number;
  chunks: number;
  frames: number;
}

const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "20" },
    concurrency: { type: "string", default: "1" },
    words: { type: "string", default: "60" },
    "delay-ms": { type: "string", default: "40" },
    "coalesce-ms": { type: "string", default: "50" },
  },
});
const answers = Number(values.answers);
const concurrency = Number(values.concurrency);
const words = Number(values.words);
const delayMs = Number(values["delay-ms"]);
const coalesceMs = Number(values["coalesce-ms"]);

const directory = await mkdtemp(join(tmpdir(), "chat-stream-bench-"));
const stack = await startLocalStack({
  config: stageConfig("local", {
    model: { provider: "local", delayMs },
    coalesceMs,
  }),
  directory,
});
const secret = await loadTokenSecret(join(directory, "token-secret"));

try {
  const samples: Sample[] = [];
  for (let done = 0; done < answers; done += concurrency) {
    const wave = Math.min(concurrency, answers - done);
    samples.push(
      ...(await Promise.all(
        Array.from({ length: wave }, (_, i) => measure(`bench-${done + i}`)),
      )),
    );
  }
  report(samples);
} finally {
  await stack.close();
  await rm(directory, { recursive: true, force: true });
}

async function measure(userId: string): Promise<Sample> {
  const client = await ChatClient.connect(
    stack.outputs.websocketUrl,
    await signUserToken(userId, secret),
  );
  const sentAt = performance.now();
  client.send({ action: "chat", text: `benchmark #words=${words}` });
  const accepted = await client.waitFor(isType("accepted"));
  const answer = await client.answer(accepted.messageId, 120_000);
  await client.close();

  const frames = client.frames.map((frame, i) => ({
    frame,
    at: (client.arrivals[i] ?? sentAt) - sentAt,
  }));
  const chunkFrames = frames.filter(({ frame }) => frame.type === "chunks");
  const firstText = chunkFrames.find(
    ({ frame }) =>
      frame.type === "chunks" &&
      frame.chunks.some(({ chunk }) => chunk.type === "text-delta"),
  );
  return {
    acceptedMs: frames.find(({ frame }) => frame.type === "accepted")?.at ?? 0,
    firstTextMs: firstText?.at ?? 0,
    finishMs: chunkFrames.at(-1)?.at ?? 0,
    chunks: answer.chunks.length,
    frames: chunkFrames.length,
  };
}

function report(samples: Sample[]): void {
  const modelMs = words * delayMs;
  const row = (name: string, pick: (s: Sample) => number) => {
    const sorted = samples.map(pick).sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return `| ${name} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} |`;
  };

  console.log(
    [
      `${answers} answers of ${words} words, ${concurrency} at a time; ` +
        `model pace ${delayMs} ms per word (${modelMs} ms per answer), ` +
        `coalescing window ${coalesceMs} ms`,
      "",
      "| measure | p50 | p95 |",
      "| --- | --- | --- |",
      row("send to accepted (ms)", (s) => s.acceptedMs),
      row("send to first text (ms)", (s) => s.firstTextMs),
      row("send to finish (ms)", (s) => s.finishMs),
      row("finish beyond the model's pace (ms)", (s) => s.finishMs - modelMs),
      row("chunks per answer", (s) => s.chunks),
      row("frames (records) per answer", (s) => s.frames),
      row("chunks per frame", (s) => s.chunks / s.frames),
    ].join("\n"),
  );
}
