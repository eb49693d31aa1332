import type { StageConfig } from "../packages/core/src/stage-config";

/**
 * Days CloudWatch keeps a log group for each retention a stage may choose,
 * for log groups created outside SST components; 0 keeps logs forever.
 */
export const logRetentionDays = {
  "1 day": 1,
  "1 week": 7,
  "1 month": 30,
  "3 months": 90,
  "1 year": 365,
  forever: 0,
} as const satisfies Record<StageConfig["logRetention"], number>;
