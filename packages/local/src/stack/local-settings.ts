import {
  type StageConfig,
  type StageConfigInput,
  stageConfig,
} from "@chat-stream/core";

/**
 * The local stage's settings, with the model chosen by environment:
 * `CHAT_MODEL_PROVIDER` (`local`, `bedrock` or `openai-compatible`),
 * `CHAT_MODEL_ID`, `CHAT_MODEL_BASE_URL` and `CHAT_MODEL_DELAY_MS`;
 * `CHAT_COALESCE_MS` sets the coalescing window.
 *
 * @throws {z.ZodError} naming the setting that is invalid.
 */
export function localSettings(
  environment: NodeJS.ProcessEnv = process.env,
): StageConfig {
  const overrides: Partial<StageConfigInput> = {};
  const provider = environment.CHAT_MODEL_PROVIDER;
  if (provider) {
    overrides.model = {
      provider,
      id: environment.CHAT_MODEL_ID,
      baseUrl: environment.CHAT_MODEL_BASE_URL,
      delayMs: numberOrUndefined(environment.CHAT_MODEL_DELAY_MS),
    } as StageConfigInput["model"];
  } else if (environment.CHAT_MODEL_DELAY_MS) {
    overrides.model = {
      provider: "local",
      delayMs: numberOrUndefined(environment.CHAT_MODEL_DELAY_MS),
    };
  }
  const coalesceMs = numberOrUndefined(environment.CHAT_COALESCE_MS);
  if (coalesceMs !== undefined) overrides.coalesceMs = coalesceMs;
  return stageConfig("local", overrides);
}

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined || value === "" ? undefined : Number(value);
}
