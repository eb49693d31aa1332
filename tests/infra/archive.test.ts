import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { queriesDir, readQueryFiles } from "../../infra/query-files";
import { stageConfig } from "../../packages/core/src/stage-config";
import {
  resource,
  resourcesOfType,
  root,
  type Synthesis,
  synthesize,
} from "./harness";
import { roleGrants, trustedPrincipals } from "./iam";

const archive = stageConfig("dev").archive;

describe("archive", () => {
  let dev: Synthesis;
  let bucket: string;

  beforeAll(async () => {
    dev = await synthesize("dev");
    bucket = String(
      resource(dev, "aws:s3/bucket:Bucket", "ArchiveBucket").state.bucket,
    );
  }, 180_000);

  describe("delivery stream", () => {
    const firehose = () =>
      resource(
        dev,
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        "ArchiveDeliveryStream",
      ).inputs;

    const role = () =>
      resource(dev, "aws:iam/role:Role", "ArchiveDeliveryRole");

    it("reads the chat stream", () => {
      const stream = resource(
        dev,
        "aws:kinesis/stream:Stream",
        "ChatStreamStream",
      );

      expect(firehose().kinesisSourceConfiguration).toEqual({
        kinesisStreamArn: stream.state.arn,
        roleArn: role().state.arn,
      });
    });

    it("writes gzipped records by day, errors apart", () => {
      expect(firehose()).toMatchObject({
        destination: "extended_s3",
        extendedS3Configuration: {
          bucketArn: `arn:aws:s3:::${bucket}`,
          roleArn: role().state.arn,
          prefix: "records/dt=!{timestamp:yyyy-MM-dd}/",
          errorOutputPrefix:
            "errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
          compressionFormat: "GZIP",
        },
      });
    });

    it("buffers as the stage says", () => {
      expect(firehose().extendedS3Configuration).toMatchObject({
        bufferingInterval: archive.bufferingIntervalSeconds,
        bufferingSize: archive.bufferingSizeMiB,
      });
    });

    it("logs delivery errors", () => {
      expect(firehose().extendedS3Configuration).toMatchObject({
        cloudwatchLoggingOptions: {
          enabled: true,
          logGroupName: "/aws/kinesisfirehose/chat-stream-dev-archive",
          logStreamName: "DestinationDelivery",
        },
      });
    });

    it("may only read the stream, write its prefixes and log", () => {
      const logStream = "DestinationDelivery";
      const objects = ["records/*", "errors/*"].flatMap((prefix) =>
        ["AbortMultipartUpload", "GetObject", "PutObject"].map(
          (action) => `s3:${action} ArchiveBucket/${prefix}`,
        ),
      );

      expect(roleGrants(dev, "ArchiveDeliveryRole")).toEqual(
        [
          "kinesis:DescribeStream ChatStreamStream",
          "kinesis:GetRecords ChatStreamStream",
          "kinesis:GetShardIterator ChatStreamStream",
          "kinesis:ListShards ChatStreamStream",
          "s3:GetBucketLocation ArchiveBucket",
          "s3:ListBucket ArchiveBucket",
          "s3:ListBucketMultipartUploads ArchiveBucket",
          ...objects,
          `logs:PutLogEvents ArchiveDeliveryLogs:log-stream:${logStream}`,
        ].sort(),
      );
      expect(trustedPrincipals(role())).toEqual([
        "Service firehose.amazonaws.com",
      ]);
    });
  });

  describe("Glue table", () => {
    const table = () =>
      resource(
        dev,
        "aws:glue/catalogTable:CatalogTable",
        "AnalyticsRecordsTable",
      ).inputs;

    it("lives in the stage's database", () => {
      const database = resource(
        dev,
        "aws:glue/catalogDatabase:CatalogDatabase",
        "AnalyticsDatabase",
      );

      expect(database.inputs.name).toBe("chat_stream_dev");
      expect(table()).toMatchObject({
        name: "records",
        databaseName: "chat_stream_dev",
        tableType: "EXTERNAL_TABLE",
      });
    });

    it("has one column per record field", () => {
      expect(table().storageDescriptor).toMatchObject({
        location: `s3://${bucket}/records/`,
        columns: [
          { name: "v", type: "int" },
          { name: "conversationid", type: "string" },
          { name: "messageid", type: "string" },
          { name: "userid", type: "string" },
          { name: "startedat", type: "bigint" },
          { name: "producedat", type: "bigint" },
          {
            name: "chunks",
            type: "array<struct<seq:int,receivedat:bigint,chunk:string>>",
          },
        ],
      });
    });

    it("reads JSON lines with the case-insensitive OpenX SerDe", () => {
      expect(table().storageDescriptor).toMatchObject({
        inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        serDeInfo: {
          serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
          parameters: {
            "case.insensitive": "true",
            "ignore.malformed.json": "true",
          },
        },
      });
    });

    it("projects the daily partitions", () => {
      expect(table().partitionKeys).toEqual([{ name: "dt", type: "string" }]);
      expect(table().parameters).toMatchObject({
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
        "projection.dt.range": "2024-01-01,NOW",
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "storage.location.template": `s3://${bucket}/records/dt=\${dt}/`,
      });
    });
  });

  describe("Athena", () => {
    const workgroup = () =>
      resource(dev, "aws:athena/workgroup:Workgroup", "AnalyticsWorkgroup")
        .inputs;

    it("enforces the result location and scan limit", () => {
      expect(workgroup()).toMatchObject({
        name: "chat-stream-dev",
        configuration: {
          enforceWorkgroupConfiguration: true,
          bytesScannedCutoffPerQuery: archive.bytesScannedCutoffPerQuery,
          resultConfiguration: {
            outputLocation: `s3://${bucket}/athena-results/`,
          },
        },
      });
    });

    it("saves one named query per file in analytics/queries", () => {
      const files = readQueryFiles(path.join(root, queriesDir));
      const saved = resourcesOfType(dev, "aws:athena/namedQuery:NamedQuery")
        .map((q) => q.inputs)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));

      expect(saved).toEqual(
        files.map((file) => ({
          name: file.name,
          ...(file.description ? { description: file.description } : {}),
          query: file.query,
          database: "chat_stream_dev",
          workgroup: "chat-stream-dev",
        })),
      );
    });
  });
});
