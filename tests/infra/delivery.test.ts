import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../packages/core/src/stage-config";
import {
  buildOf,
  resource,
  resourcesOfType,
  type Synthesis,
  synthesize,
} from "./harness";

const delivery = stageConfig("dev").delivery;

describe("delivery", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  const mapping = () =>
    resource(
      dev,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "ChatStreamSubscriberDeliverEventSourceMapping",
    ).inputs;

  const queue = () =>
    resource(dev, "aws:sqs/queue:Queue", "DeliveryFailuresQueue");

  it("maps the stream to the deliver function, and nothing else", () => {
    const stream = resource(
      dev,
      "aws:kinesis/stream:Stream",
      "ChatStreamStream",
    );
    const id = buildOf(dev, "deliver").functionID;
    const fn = resource(dev, "aws:lambda/function:Function", `${id}Function`);

    expect(
      resourcesOfType(dev, "aws:lambda/eventSourceMapping:EventSourceMapping"),
    ).toHaveLength(1);
    expect(mapping().eventSourceArn).toBe(stream.state.arn);
    expect(mapping().functionName).toBe(fn.state.arn);
  });

  it("reads with the stage's mapping settings", () => {
    expect(mapping()).toMatchObject({
      batchSize: delivery.batchSize,
      maximumBatchingWindowInSeconds: delivery.maximumBatchingWindowSeconds,
      startingPosition: delivery.startingPosition,
      bisectBatchOnFunctionError: delivery.bisectBatchOnFunctionError,
      maximumRetryAttempts: delivery.maximumRetryAttempts,
      maximumRecordAgeInSeconds: delivery.maximumRecordAgeSeconds,
      parallelizationFactor: delivery.parallelizationFactor,
    });
  });

  it("retries only the records a batch reports as failed", () => {
    expect(mapping().functionResponseTypes).toEqual([
      "ReportBatchItemFailures",
    ]);
  });

  it("sends what it gives up on to the failure queue", () => {
    expect(mapping().destinationConfig).toEqual({
      onFailure: { destinationArn: queue().state.arn },
    });
  });

  it("keeps failures for the 14 days SQS allows", () => {
    expect(queue().inputs.messageRetentionSeconds).toBe(14 * 24 * 60 * 60);
  });
});
