/** What the alarms watch. */
export interface AlarmTargets {
  generate: sst.aws.Function;
  deliver: $util.Output<sst.aws.Function>;
  failures: sst.aws.Queue;
}

/**
 * How far behind the stream delivery may fall, in milliseconds. A chunk
 * this late makes a chat answer unusable, long before the mapping's
 * maximum record age drops records into the failure queue.
 */
const iteratorAgeLimitMs = 30_000;

/**
 * Creates alarms on what breaks chat for users: failing functions, a
 * mapping that falls behind the stream, and batches given up on. They
 * notify the `Alarms` topic; subscribe to it to be told.
 *
 * @param targets - the resources to watch
 */
export function createAlarms(targets: AlarmTargets): sst.aws.SnsTopic {
  const topic = new sst.aws.SnsTopic("Alarms");
  const deliverName = targets.deliver.apply((fn) => fn.name);

  alarm("DeliverErrorsAlarm", topic, {
    description: "The delivery function failed; frames may be late or lost.",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: deliverName },
    statistic: "Sum",
    threshold: 0,
  });

  alarm("DeliverIteratorAgeAlarm", topic, {
    description: "Delivery is more than 30 s behind the stream.",
    namespace: "AWS/Lambda",
    metricName: "IteratorAge",
    dimensions: { FunctionName: deliverName },
    statistic: "Maximum",
    threshold: iteratorAgeLimitMs,
  });

  alarm("DeliveryFailuresAlarm", topic, {
    description: "The delivery mapping gave up on records; see the queue.",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: targets.failures.nodes.queue.name },
    statistic: "Maximum",
    threshold: 0,
  });

  alarm("GenerateErrorsAlarm", topic, {
    description: "The generation function crashed or timed out.",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: targets.generate.name },
    statistic: "Sum",
    threshold: 0,
  });

  return topic;
}

/** The metric an alarm watches and the value it must stay at or below. */
interface AlarmMetric {
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, $util.Input<string>>;
  statistic: "Sum" | "Maximum";
  threshold: number;
}

/**
 * One alarm over one-minute periods that fires when the metric is above
 * its threshold. No data means nothing happened: an idle stage is fine.
 */
function alarm(
  name: string,
  topic: sst.aws.SnsTopic,
  metric: AlarmMetric,
): aws.cloudwatch.MetricAlarm {
  const { description, ...rest } = metric;

  return new aws.cloudwatch.MetricAlarm(name, {
    name: `${$app.name}-${$app.stage}-${name}`,
    alarmDescription: description,
    ...rest,
    comparisonOperator: "GreaterThanThreshold",
    period: 60,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
}
