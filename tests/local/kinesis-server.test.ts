import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalEndpoint } from "../../packages/local/src/emulators";
import { startKinesis } from "../../packages/local/src/emulators";
import { dropMidRequest } from "./support/drop-mid-request";

// Kinesis' default request handler is HTTP/2, which kinesalite does not
// speak: every call would fail with "Protocol error".
function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
}

describe("startKinesis", () => {
  let kinesis: LocalEndpoint;
  let client: KinesisClient;

  beforeAll(async () => {
    kinesis = await startKinesis();
    client = kinesisClient(kinesis.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await kinesis.close();
  });

  it("listens on a free loopback port", () => {
    expect(kinesis.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("makes a new stream active at once", async () => {
    await client.send(
      new CreateStreamCommand({ StreamName: "instant", ShardCount: 1 }),
    );

    const summary = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: "instant" }),
    );
    expect(summary.StreamDescriptionSummary?.StreamStatus).toBe("ACTIVE");
    expect(summary.StreamDescriptionSummary?.StreamARN).toBe(
      "arn:aws:kinesis:us-east-1:000000000000:stream/instant",
    );
  });

  it("returns the records put on a stream", async () => {
    await client.send(
      new CreateStreamCommand({ StreamName: "round-trip", ShardCount: 1 }),
    );
    const put = await client.send(
      new PutRecordCommand({
        StreamName: "round-trip",
        PartitionKey: "conversation-1",
        Data: Buffer.from("hello"),
      }),
    );

    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: "round-trip",
        ShardId: put.ShardId,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    const { Records } = await client.send(
      new GetRecordsCommand({ ShardIterator }),
    );

    const texts = Records?.map((r) => Buffer.from(r.Data ?? []).toString());
    expect(texts).toEqual(["hello"]);
  });

  it("survives a client that drops mid-request", async () => {
    await dropMidRequest(kinesis.endpoint);

    const summary = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: "instant" }),
    );
    expect(summary.StreamDescriptionSummary?.StreamStatus).toBe("ACTIVE");
  });
});
