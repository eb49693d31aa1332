import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * The functions' CloudWatch metrics, written as embedded metric format
 * log lines (no API calls). The local stack turns them off unless
 * `POWERTOOLS_METRICS_DISABLED=false`.
 */
export const metrics = new Metrics({
  namespace: "ChatStream",
  serviceName: "chat-stream",
});
