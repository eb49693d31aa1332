import { endAnswer, errorCodeOf, type UiChunk } from "@chat-stream/core";
import { describe, expect, it } from "vitest";
import { fromArray, toArray } from "../support/fakes";

const types = (chunks: UiChunk[]) => chunks.map((chunk) => chunk.type);

describe("endAnswer", () => {
  it("passes a finished answer through unchanged", async () => {
    const chunks: UiChunk[] = [{ type: "start" }, { type: "finish" }];
    const out = await toArray(
      endAnswer(fromArray(chunks), () => undefined, 60),
    );
    expect(out).toEqual(chunks);
  });

  it("adds finish after a cancel's abort", async () => {
    const chunks: UiChunk[] = [{ type: "start" }, { type: "abort" }];
    const out = await toArray(
      endAnswer(fromArray(chunks), () => "cancelled", 60),
    );
    expect(types(out)).toEqual(["start", "abort", "finish"]);
  });

  it("turns a timeout's abort into a coded error", async () => {
    const chunks: UiChunk[] = [{ type: "start" }, { type: "abort" }];
    const out = await toArray(
      endAnswer(fromArray(chunks), () => "timeout", 60),
    );
    expect(types(out)).toEqual(["start", "error", "finish"]);
    expect(errorCodeOf(String(out[1]?.errorText))).toBe("generation_timeout");
  });

  it("ends a source that throws with an error and finish", async () => {
    async function* failing(): AsyncGenerator<UiChunk> {
      yield { type: "start" };
      throw new Error("boom");
    }
    const out = await toArray(endAnswer(failing(), () => undefined, 60));
    expect(types(out)).toEqual(["start", "error", "finish"]);
    expect(errorCodeOf(String(out[1]?.errorText))).toBe("model_error");
  });

  it("drops anything after finish", async () => {
    const chunks: UiChunk[] = [{ type: "finish" }, { type: "text-delta" }];
    const out = await toArray(endAnswer(fromArray(chunks), () => undefined, 1));
    expect(types(out)).toEqual(["finish"]);
  });
});
