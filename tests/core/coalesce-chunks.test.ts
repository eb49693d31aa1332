import { coalesceChunks, type UiChunk } from "@chat-stream/core";
import { describe, expect, it } from "vitest";
import { fromArray, toArray } from "../support/fakes";

const deltas = (count: number): UiChunk[] =>
  Array.from({ length: count }, (_, i) => ({
    type: "text-delta",
    id: "t",
    delta: `w${i}`,
  }));

describe("coalesceChunks", () => {
  it("numbers chunks densely from 0 across batches", async () => {
    const batches = await toArray(
      coalesceChunks(fromArray(deltas(25), 1), { windowMs: 5, maxBytes: 1e6 }),
    );
    const seqs = batches.flat().map((chunk) => chunk.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches.flat().map((c) => c.chunk)).toEqual(deltas(25));
  });

  it("gathers chunks that arrive within the window into one batch", async () => {
    const batches = await toArray(
      coalesceChunks(fromArray(deltas(10)), { windowMs: 50, maxBytes: 1e6 }),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(10);
  });

  it("sends each chunk alone with a zero window and a slow source", async () => {
    const batches = await toArray(
      coalesceChunks(fromArray(deltas(4), 15), { windowMs: 0, maxBytes: 1e6 }),
    );
    expect(batches.map((batch) => batch.length)).toEqual([1, 1, 1, 1]);
  });

  it("closes a batch early when it is full", async () => {
    const batches = await toArray(
      coalesceChunks(fromArray(deltas(20)), { windowMs: 1000, maxBytes: 200 }),
    );
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const bytes = batch.reduce((n, c) => n + JSON.stringify(c).length, 0);
      expect(bytes <= 200 || batch.length === 1).toBe(true);
    }
    expect(batches.flat()).toHaveLength(20);
  });

  it("yields what it read before rethrowing a source error", async () => {
    async function* failing(): AsyncGenerator<UiChunk> {
      yield { type: "start" };
      yield { type: "text-start", id: "t" };
      throw new Error("model down");
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const batch of coalesceChunks(failing(), {
        windowMs: 0,
        maxBytes: 1e6,
      })) {
        seen.push(...batch.map((chunk) => chunk.seq));
      }
    }).rejects.toThrow("model down");
    expect(seen).toEqual([0, 1]);
  });
});
