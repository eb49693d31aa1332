import { beforeAll, describe, expect, it } from "vitest";
import {
  buildOf,
  resource,
  resourcesOfType,
  type Synthesis,
  synthesize,
} from "./harness";

describe("alarms", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  function functionName(file: string) {
    const id = buildOf(dev, file).functionID;
    return resource(dev, "aws:lambda/function:Function", `${id}Function`).state
      .name;
  }

  function alarm(name: string) {
    return resource(dev, "aws:cloudwatch/metricAlarm:MetricAlarm", name).inputs;
  }

  it("fires on any error of the deliver function", () => {
    expect(alarm("DeliverErrorsAlarm")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName("deliver") },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  it("fires when delivery falls behind the stream", () => {
    expect(alarm("DeliverIteratorAgeAlarm")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: functionName("deliver") },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
    });
  });

  it("fires when a batch lands in the failure queue", () => {
    const queue = resource(dev, "aws:sqs/queue:Queue", "DeliveryFailuresQueue");

    expect(alarm("DeliveryFailuresAlarm")).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.state.name },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  it("fires on any error of the generate function", () => {
    expect(alarm("GenerateErrorsAlarm")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName("generate") },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  it("notifies the Alarms topic and stays quiet without data", () => {
    const topic = resource(dev, "aws:sns/topic:Topic", "AlarmsTopic");
    const alarms = resourcesOfType(
      dev,
      "aws:cloudwatch/metricAlarm:MetricAlarm",
    );

    expect(alarms).toHaveLength(4);
    for (const { inputs } of alarms) {
      expect(inputs.alarmActions).toEqual([topic.state.arn]);
      expect(inputs.treatMissingData).toBe("notBreaching");
    }
  });
});
