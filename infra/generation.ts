import type { StageConfig } from "../packages/core/src/stage-config";
import type { Settings } from "./config";
import { handlerPath } from "./handlers";
import { modelAccess } from "./model-access";
import { manageConnections, putRecord, tableAccess } from "./permissions";
import type { Tables } from "./storage";

/** Lambda's ceiling on one invocation, in seconds. */
const lambdaMaxSeconds = 900;

/**
 * Time the function keeps past the answer's own deadline to end the
 * message with an error, flush its last record and log the outcome.
 */
const wrapUpSeconds = 60;

/** What the generation function uses. */
export interface GenerationDependencies {
  config: StageConfig;
  api: sst.aws.ApiGatewayWebSocket;
  stream: sst.aws.KinesisStream;
  tables: Tables;
  settings: Settings;
}

/**
 * Creates the function that streams an answer from the model and puts its
 * chunks on the stream. The chat route invokes it asynchronously.
 *
 * `retries: 0` turns off Lambda's two automatic retries of a failed async
 * invocation: a retry would generate the same answer a second time, and
 * the function already ends a failed answer itself.
 *
 * @param deps - the resources the function uses
 */
export function createGeneration(
  deps: GenerationDependencies,
): sst.aws.Function {
  const { config, api, stream, tables, settings } = deps;

  return new sst.aws.Function("Generate", {
    handler: handlerPath("generate"),
    timeout: `${generationTimeoutSeconds(config)} seconds`,
    memory: "512 MB",
    retries: 0,
    link: [
      api,
      stream,
      tables.conversations,
      tables.chunks,
      settings.chatSettings,
    ],
    permissions: [
      putRecord(stream),
      tableAccess(tables.conversations, ["GetItem", "Query", "UpdateItem"]),
      tableAccess(tables.chunks, ["PutItem"]),
      // Posts the terminal error when the stream itself cannot be written.
      manageConnections(api),
      ...modelAccess(config.model),
    ],
  });
}

/**
 * The function's timeout: the answer's deadline plus time to wrap up,
 * within Lambda's limit.
 *
 * @param config - the settings of the stage being deployed
 */
export function generationTimeoutSeconds(config: StageConfig): number {
  return Math.min(
    config.generationTimeoutSeconds + wrapUpSeconds,
    lambdaMaxSeconds,
  );
}
