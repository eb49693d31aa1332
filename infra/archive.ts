import type { StageConfig } from "../packages/core/src/stage-config";
import { keepData } from "./keep-data";
import { logRetentionDays } from "./log-retention";

/** Where Firehose writes records, one folder a day (UTC). */
export const recordsPrefix = "records/";

/** Where Firehose writes what it could not deliver. */
const errorsPrefix = "errors/";

/** Where Athena writes query results; they are kept for a month. */
export const athenaResultsPrefix = "athena-results/";

/** Firehose's log stream for delivery errors. */
const deliveryLogStream = "DestinationDelivery";

/** The archive of every stream record in S3. */
export interface Archive {
  bucket: sst.aws.Bucket;
  deliveryStream: aws.kinesis.FirehoseDeliveryStream;
}

/**
 * Archives every record of the stream to S3 through Firehose.
 *
 * No processor sits between the stream and S3: the generator puts each
 * record as one line of JSON ending in a newline, so Firehose's plain
 * concatenation already yields line-delimited JSON, which Athena reads.
 *
 * @param config - the settings of the stage being deployed
 * @param stream - the stream to archive
 */
export function createArchive(
  config: StageConfig,
  stream: sst.aws.KinesisStream,
): Archive {
  const bucket = createBucket(config);
  const logGroup = createDeliveryLogs(config);
  const role = createDeliveryRole(bucket, stream, logGroup);
  const deliveryStream = createDeliveryStream(config, {
    stream,
    bucket,
    logGroup,
    role,
  });

  return { bucket, deliveryStream };
}

function createBucket(config: StageConfig): sst.aws.Bucket {
  return new sst.aws.Bucket("Archive", {
    // Only Firehose and Athena use the bucket; no browser ever does.
    cors: false,
    lifecycle: [
      {
        id: "athena-results",
        prefix: athenaResultsPrefix,
        expiresIn: "30 days",
      },
    ],
    transform: { bucket: keepData(config) },
  });
}

function createDeliveryLogs(config: StageConfig): aws.cloudwatch.LogGroup {
  const logGroup = new aws.cloudwatch.LogGroup("ArchiveDeliveryLogs", {
    name: `/aws/kinesisfirehose/${deliveryStreamName()}`,
    retentionInDays: logRetentionDays[config.logRetention],
  });

  new aws.cloudwatch.LogStream("ArchiveDeliveryLogStream", {
    logGroupName: logGroup.name,
    name: deliveryLogStream,
  });
  return logGroup;
}

function createDeliveryStream(
  config: StageConfig,
  parts: {
    stream: sst.aws.KinesisStream;
    bucket: sst.aws.Bucket;
    logGroup: aws.cloudwatch.LogGroup;
    role: aws.iam.Role;
  },
): aws.kinesis.FirehoseDeliveryStream {
  const { stream, bucket, logGroup, role } = parts;
  const day = "dt=!{timestamp:yyyy-MM-dd}/";

  return new aws.kinesis.FirehoseDeliveryStream("ArchiveDeliveryStream", {
    name: deliveryStreamName(),
    destination: "extended_s3",
    kinesisSourceConfiguration: {
      kinesisStreamArn: stream.arn,
      roleArn: role.arn,
    },
    extendedS3Configuration: {
      roleArn: role.arn,
      bucketArn: bucket.arn,
      prefix: `${recordsPrefix}${day}`,
      errorOutputPrefix: `${errorsPrefix}!{firehose:error-output-type}/${day}`,
      // Firehose names GZIP objects `.gz`; Athena decompresses by that.
      compressionFormat: "GZIP",
      bufferingInterval: config.archive.bufferingIntervalSeconds,
      bufferingSize: config.archive.bufferingSizeMiB,
      cloudwatchLoggingOptions: {
        enabled: true,
        logGroupName: logGroup.name,
        logStreamName: deliveryLogStream,
      },
    },
  });
}

function deliveryStreamName(): string {
  return `${$app.name}-${$app.stage}-archive`;
}

/**
 * The role Firehose assumes to read the stream, write the bucket and log.
 * The external id pins the trust to this account (confused deputy).
 */
function createDeliveryRole(
  bucket: sst.aws.Bucket,
  stream: sst.aws.KinesisStream,
  logGroup: aws.cloudwatch.LogGroup,
): aws.iam.Role {
  const account = aws.getCallerIdentityOutput().accountId;

  const trust = aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        actions: ["sts:AssumeRole"],
        principals: [
          { type: "Service", identifiers: ["firehose.amazonaws.com"] },
        ],
        conditions: [
          {
            test: "StringEquals",
            variable: "sts:ExternalId",
            values: [account],
          },
        ],
      },
    ],
  });

  const access = aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        actions: [
          "kinesis:DescribeStream",
          "kinesis:GetShardIterator",
          "kinesis:GetRecords",
          "kinesis:ListShards",
        ],
        resources: [stream.arn],
      },
      {
        actions: [
          "s3:GetBucketLocation",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
        ],
        resources: [bucket.arn],
      },
      {
        actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
        resources: [
          $interpolate`${bucket.arn}/${recordsPrefix}*`,
          $interpolate`${bucket.arn}/${errorsPrefix}*`,
        ],
      },
      {
        actions: ["logs:PutLogEvents"],
        resources: [
          $interpolate`${logGroup.arn}:log-stream:${deliveryLogStream}`,
        ],
      },
    ],
  });

  return new aws.iam.Role("ArchiveDeliveryRole", {
    assumeRolePolicy: trust.json,
    inlinePolicies: [{ name: "archive-delivery", policy: access.json }],
  });
}
