import { z } from "zod";

/**
 * Which model answers. `local` is the built-in scripted model: it needs
 * nothing installed and is labelled as such wherever it shows.
 */
export const modelSettingsSchema = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("local"),
    id: z.string().default("local-scripted"),
    /** Pause between two deltas, in milliseconds. */
    delayMs: z.number().int().min(0).max(10_000).default(40),
  }),
  z.object({
    provider: z.literal("bedrock"),
    id: z.string().min(1),
  }),
  z.object({
    provider: z.literal("openai-compatible"),
    id: z.string().min(1),
    baseUrl: z.url(),
  }),
]);

/** How the Kinesis event source mapping of the delivery function reads. */
export const deliveryMappingSchema = z.object({
  batchSize: z.number().int().min(1).max(10_000).default(100),
  maximumBatchingWindowSeconds: z.number().int().min(0).max(300).default(0),
  startingPosition: z.enum(["LATEST", "TRIM_HORIZON"]).default("LATEST"),
  bisectBatchOnFunctionError: z.boolean().default(true),
  maximumRetryAttempts: z.number().int().min(-1).max(10_000).default(5),
  maximumRecordAgeSeconds: z.number().int().min(60).max(604_800).default(300),
  parallelizationFactor: z.number().int().min(1).max(10).default(1),
});

/** How Firehose buffers the archive before it writes an object to S3. */
export const archiveSettingsSchema = z.object({
  bufferingIntervalSeconds: z.number().int().min(0).max(900).default(60),
  bufferingSizeMiB: z.number().int().min(1).max(128).default(5),
  /** Most bytes one Athena query may scan before it is cancelled. */
  bytesScannedCutoffPerQuery: z
    .number()
    .int()
    .min(10_000_000)
    .default(1_000_000_000),
});

/**
 * Everything that differs between stages. Infra code and the local stack
 * read it through {@link stageConfig}; functions read the runtime part
 * through the `ChatSettings` link.
 */
export const stageConfigSchema = z.object({
  model: modelSettingsSchema,
  /** How long the generator gathers chunks into one stream record. */
  coalesceMs: z.number().int().min(0).max(1_000).default(50),
  /** Conversations, messages and replayable chunks are kept this long. */
  retentionDays: z.number().int().min(1).max(3_650).default(30),
  /** Longest an answer may take before it is ended with an error. */
  generationTimeoutSeconds: z.number().int().min(30).max(900).default(600),
  /** Longest a chat message may be, in characters. */
  maxInputChars: z.number().int().min(1).max(100_000).default(8_000),
  logRetention: z
    .enum(["1 day", "1 week", "1 month", "3 months", "1 year", "forever"])
    .default("1 month"),
  /** Keep tables, stream and archive when the stage is removed. */
  retainData: z.boolean().default(false),
  delivery: deliveryMappingSchema.default(deliveryMappingSchema.parse({})),
  archive: archiveSettingsSchema.default(archiveSettingsSchema.parse({})),
});

export type StageConfig = z.infer<typeof stageConfigSchema>;
export type StageConfigInput = z.input<typeof stageConfigSchema>;
export type ModelSettings = z.infer<typeof modelSettingsSchema>;
export type DeliveryMapping = z.infer<typeof deliveryMappingSchema>;

/** Stages with settings of their own; any other stage uses `default`. */
const stages: Record<string, StageConfigInput> = {
  default: {
    model: {
      provider: "bedrock",
      id: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    },
  },
  production: {
    model: {
      provider: "bedrock",
      id: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    },
    logRetention: "3 months",
    retentionDays: 90,
    retainData: true,
  },
  local: {
    model: { provider: "local" },
    archive: { bufferingIntervalSeconds: 5, bufferingSizeMiB: 1 },
  },
};

/**
 * The validated settings of a stage, defaults filled in.
 *
 * @param stage - the SST stage name (`local` for the local stack)
 * @param overrides - settings that win over the stage's own, for example
 *   from the environment of the local stack
 */
export function stageConfig(
  stage: string,
  overrides: Partial<StageConfigInput> = {},
): StageConfig {
  const base = stages[stage] ?? stages.default;
  return stageConfigSchema.parse({ ...base, ...overrides });
}

/** The part of a stage's settings that functions read at run time. */
export const runtimeSettingsSchema = stageConfigSchema.pick({
  model: true,
  coalesceMs: true,
  retentionDays: true,
  generationTimeoutSeconds: true,
  maxInputChars: true,
});

export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

/** Picks the run-time settings out of a stage's settings. */
export function runtimeSettings(config: StageConfig): RuntimeSettings {
  return runtimeSettingsSchema.parse(config);
}
