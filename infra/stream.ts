import type { StageConfig } from "../packages/core/src/stage-config";
import { keepData } from "./keep-data";

/**
 * Creates the Kinesis stream every chunk record goes through. It is on
 * demand (SST's default): it scales with chat traffic without shard
 * planning, at $0.04 per stream-hour even when idle.
 *
 * @param config - the settings of the stage being deployed
 */
export function createStream(config: StageConfig): sst.aws.KinesisStream {
  return new sst.aws.KinesisStream("ChatStream", {
    transform: { stream: keepData(config) },
  });
}
