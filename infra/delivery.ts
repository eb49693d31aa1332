import type {
  DeliveryMapping,
  StageConfig,
} from "../packages/core/src/stage-config";
import type { Settings } from "./config";
import { handlerPath } from "./handlers";
import {
  indexQuery,
  manageConnections,
  sendMessage,
  tableAccess,
} from "./permissions";
import type { Tables } from "./storage";

/** SQS keeps a message at most this long; a failed batch waits there. */
const failureRetentionSeconds = 14 * 24 * 60 * 60;

/** What the delivery function uses. */
export interface DeliveryDependencies {
  config: StageConfig;
  api: sst.aws.ApiGatewayWebSocket;
  stream: sst.aws.KinesisStream;
  tables: Tables;
  settings: Settings;
}

/** The delivery function, its mapping and where failed batches go. */
export interface Delivery {
  /** Describes batches the mapping gave up on, for a look later. */
  failures: sst.aws.Queue;
  /** The function the mapping invokes with batches of records. */
  deliver: $util.Output<sst.aws.Function>;
}

/**
 * Subscribes the delivery function to the stream: it posts each record's
 * chunks as frames to the connections of the record's user.
 *
 * @param deps - the resources the function uses
 */
export function createDelivery(deps: DeliveryDependencies): Delivery {
  const { config, api, stream, tables, settings } = deps;
  const { connections, chunks } = tables;
  const { chatSettings } = settings;

  const failures = new sst.aws.Queue("DeliveryFailures", {
    transform: { queue: { messageRetentionSeconds: failureRetentionSeconds } },
  });

  const subscriber = stream.subscribe(
    "Deliver",
    {
      handler: handlerPath("deliver"),
      timeout: "60 seconds",
      memory: "512 MB",
      link: [api, connections, chunks, chatSettings],
      permissions: [
        indexQuery(connections, "byUser"),
        tableAccess(connections, ["UpdateItem", "DeleteItem"]),
        // Catches a connection up from the replay log.
        tableAccess(chunks, ["Query"]),
        manageConnections(api),
        // The mapping sends its on-failure records with this role.
        sendMessage(failures),
      ],
    },
    {
      transform: {
        eventSourceMapping: mappingSettings(config.delivery, failures.arn),
      },
    },
  );

  const deliver = subscriber.apply((sub) => sub.nodes.function);
  return { failures, deliver };
}

/**
 * How the mapping reads the stream, from the stage's settings. Handlers
 * report the records they could not deliver (`ReportBatchItemFailures`),
 * so a retry resends those, not the whole batch.
 */
function mappingSettings(
  delivery: DeliveryMapping,
  failureQueueArn: $util.Input<string>,
): Partial<aws.lambda.EventSourceMappingArgs> {
  return {
    batchSize: delivery.batchSize,
    maximumBatchingWindowInSeconds: delivery.maximumBatchingWindowSeconds,
    startingPosition: delivery.startingPosition,
    bisectBatchOnFunctionError: delivery.bisectBatchOnFunctionError,
    maximumRetryAttempts: delivery.maximumRetryAttempts,
    maximumRecordAgeInSeconds: delivery.maximumRecordAgeSeconds,
    parallelizationFactor: delivery.parallelizationFactor,
    functionResponseTypes: ["ReportBatchItemFailures"],
    destinationConfig: { onFailure: { destinationArn: failureQueueArn } },
  };
}
