import { runtimeSettings, stageConfig } from "@chat-stream/core";
import { describe, expect, it } from "vitest";
import { localSettings } from "../../packages/local/src/stack/local-settings";

describe("stageConfig", () => {
  it("fills defaults for a stage without settings of its own", () => {
    const config = stageConfig("pr-123");
    expect(config).toMatchObject({
      model: { provider: "bedrock" },
      coalesceMs: 50,
      retentionDays: 30,
      retainData: false,
      logRetention: "1 month",
      delivery: { batchSize: 100, bisectBatchOnFunctionError: true },
      archive: { bufferingIntervalSeconds: 60, bufferingSizeMiB: 5 },
    });
  });

  it("keeps production's data longer and retains it", () => {
    expect(stageConfig("production")).toMatchObject({
      retainData: true,
      retentionDays: 90,
      logRetention: "3 months",
    });
  });

  it("rejects settings out of range", () => {
    expect(() => stageConfig("dev", { coalesceMs: 5_000 })).toThrow(
      /coalesceMs/,
    );
    expect(() =>
      stageConfig("dev", {
        model: { provider: "openai-compatible", id: "x", baseUrl: "nope" },
      }),
    ).toThrow(/baseUrl/);
  });

  it("hands functions only the run-time part", () => {
    expect(Object.keys(runtimeSettings(stageConfig("dev"))).sort()).toEqual([
      "coalesceMs",
      "generationTimeoutSeconds",
      "maxInputChars",
      "model",
      "retentionDays",
    ]);
  });
});

describe("localSettings", () => {
  it("uses the scripted model by default", () => {
    expect(localSettings({}).model).toEqual({
      provider: "local",
      id: "local-scripted",
      delayMs: 40,
    });
  });

  it("takes the model and window from the environment", () => {
    const config = localSettings({
      CHAT_MODEL_PROVIDER: "openai-compatible",
      CHAT_MODEL_ID: "llama3.2",
      CHAT_MODEL_BASE_URL: "http://127.0.0.1:11434/v1",
      CHAT_COALESCE_MS: "20",
    });
    expect(config.model).toEqual({
      provider: "openai-compatible",
      id: "llama3.2",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    expect(config.coalesceMs).toBe(20);
  });

  it("names the setting that is wrong", () => {
    expect(() => localSettings({ CHAT_MODEL_PROVIDER: "gpt" })).toThrow(
      /provider/,
    );
    expect(() => localSettings({ CHAT_MODEL_DELAY_MS: "fast" })).toThrow(
      /delayMs/,
    );
  });
});
