import {
  type KinesisClient,
  ListShardsCommand,
  SplitShardCommand,
} from "@aws-sdk/client-kinesis";
import type { KinesisStreamEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type KinesisEventSource,
  type KinesisEventSourceSettings,
  type LocalEndpoint,
  type OnFailureRecord,
  startKinesis,
  startKinesisEventSource,
} from "../../packages/local/src/emulators";
import {
  createLocalStream,
  localKinesisClient,
  putTexts,
} from "./support/local-stream";
import {
  type RecordingFunction,
  recordingFunction,
} from "./support/recording-function";
import { sleep, waitFor } from "./support/wait-for";

const settings: KinesisEventSourceSettings = {
  batchSize: 100,
  maximumBatchingWindowSeconds: 0,
  startingPosition: "TRIM_HORIZON",
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: 2,
  maximumRecordAgeSeconds: -1,
  parallelizationFactor: 1,
  reportBatchItemFailures: false,
};

/** The texts of an event's records, decoded from base64. */
function textsOf(event: unknown): string[] {
  return (event as KinesisStreamEvent).Records.map((record) =>
    Buffer.from(record.kinesis.data, "base64").toString("utf8"),
  );
}

function sequenceNumbersOf(event: unknown): string[] {
  return (event as KinesisStreamEvent).Records.map(
    (record) => record.kinesis.sequenceNumber,
  );
}

describe("startKinesisEventSource", () => {
  let kinesis: LocalEndpoint;
  let client: KinesisClient;
  let source: KinesisEventSource | undefined;
  let failures: OnFailureRecord[];

  beforeAll(async () => {
    kinesis = await startKinesis({ shardLimit: 200 });
    client = localKinesisClient(kinesis.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await kinesis.close();
  });

  afterEach(async () => {
    await source?.close();
    source = undefined;
  });

  async function start(
    fn: RecordingFunction,
    overrides: Partial<KinesisEventSourceSettings> = {},
    shardCount = 1,
  ): Promise<{ streamName: string; streamArn: string }> {
    const stream = await createLocalStream(client, shardCount);
    failures = [];
    source = startKinesisEventSource({
      client,
      ...stream,
      region: "us-east-1",
      function: fn,
      settings: { ...settings, ...overrides },
      pollIntervalMs: 20,
      retryDelayMs: 5,
      onFailure: async (record) => {
        failures.push(record);
      },
    });
    await source.ready;
    return stream;
  }

  it("delivers records in the event Lambda sends", async () => {
    const deliver = recordingFunction("deliver");
    const { streamName, streamArn } = await start(deliver);
    const before = Date.now() / 1_000;

    const [sequenceNumber] = await putTexts(client, streamName, ["hello"]);

    await waitFor(() => deliver.calls.length === 1);
    const event = deliver.calls[0]?.event as KinesisStreamEvent;
    const record = event.Records[0];
    expect(event.Records).toHaveLength(1);
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: "key",
        sequenceNumber,
        data: Buffer.from("hello").toString("base64"),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: "aws:kinesis:record",
      invokeIdentityArn: "arn:aws:iam::000000000000:role/deliver-role",
      awsRegion: "us-east-1",
      eventSourceARN: streamArn,
    });
    const arrival = record?.kinesis.approximateArrivalTimestamp ?? 0;
    expect(arrival).toBeGreaterThan(before - 1);
    expect(arrival).toBeLessThan(Date.now() / 1_000 + 1);
  });

  it("keeps each shard's order, one batch at a time", async () => {
    let running = 0;
    let overlapped = false;
    const deliver = recordingFunction("deliver", async () => {
      running += 1;
      overlapped ||= running > 1;
      await sleep(5);
      running -= 1;
    });
    const { streamName } = await start(deliver, { batchSize: 3 });
    const texts = Array.from({ length: 20 }, (_, i) => `record-${i}`);

    await putTexts(client, streamName, texts.slice(0, 10));
    await putTexts(client, streamName, texts.slice(10));

    await waitFor(
      () => deliver.calls.flatMap((call) => textsOf(call.event)).length === 20,
    );
    expect(deliver.calls.flatMap((call) => textsOf(call.event))).toEqual(texts);
    expect(deliver.calls.every((call) => textsOf(call.event).length <= 3)).toBe(
      true,
    );
    expect(overlapped).toBe(false);
  });

  it("starts at LATEST after records already on the stream", async () => {
    const stream = await createLocalStream(client);
    await putTexts(client, stream.streamName, ["old"]);
    const deliver = recordingFunction("deliver");
    failures = [];
    source = startKinesisEventSource({
      client,
      ...stream,
      region: "us-east-1",
      function: deliver,
      settings: { ...settings, startingPosition: "LATEST" },
      pollIntervalMs: 20,
      onFailure: async () => {},
    });
    await source.ready;

    await putTexts(client, stream.streamName, ["new"]);

    await waitFor(() => deliver.calls.length === 1);
    await sleep(100);
    expect(deliver.calls.map((call) => textsOf(call.event))).toEqual([["new"]]);
  });

  it("starts at TRIM_HORIZON with records already on the stream", async () => {
    const stream = await createLocalStream(client);
    await putTexts(client, stream.streamName, ["old"]);
    const deliver = recordingFunction("deliver");
    source = startKinesisEventSource({
      client,
      ...stream,
      region: "us-east-1",
      function: deliver,
      settings,
      pollIntervalMs: 20,
      onFailure: async () => {},
    });
    await source.ready;

    await putTexts(client, stream.streamName, ["new"]);

    await waitFor(
      () => deliver.calls.flatMap((call) => textsOf(call.event)).length === 2,
    );
    expect(deliver.calls.flatMap((call) => textsOf(call.event))).toEqual([
      "old",
      "new",
    ]);
  });

  it("retries a partial failure from the lowest failed record", async () => {
    const deliver = recordingFunction("deliver", (event, call) => {
      if (call > 0) return { batchItemFailures: [] };
      const sequenceNumbers = sequenceNumbersOf(event);
      return {
        batchItemFailures: [
          { itemIdentifier: sequenceNumbers[4] },
          { itemIdentifier: sequenceNumbers[2] },
        ],
      };
    });
    const { streamName } = await start(deliver, {
      reportBatchItemFailures: true,
    });

    await putTexts(client, streamName, ["a", "b", "c", "d", "e", "f"]);

    await waitFor(() => deliver.calls.length === 2);
    await sleep(100);
    expect(deliver.calls.map((call) => textsOf(call.event))).toEqual([
      ["a", "b", "c", "d", "e", "f"],
      ["c", "d", "e", "f"],
    ]);
    expect(source?.stats()).toMatchObject({
      retries: 1,
      recordsProcessed: 6,
      recordsDiscarded: 0,
    });
  });

  it.each([
    ["an empty identifier", ""],
    ["a sequence number not in the batch", "12345"],
    ["a missing identifier", undefined],
  ])("fails the whole batch on %s", async (_case, itemIdentifier) => {
    const deliver = recordingFunction("deliver", (_event, call) =>
      call === 0 ? { batchItemFailures: [{ itemIdentifier }] } : null,
    );
    const { streamName } = await start(deliver, {
      reportBatchItemFailures: true,
    });

    await putTexts(client, streamName, ["a", "b"]);

    await waitFor(() => deliver.calls.length === 2);
    expect(textsOf(deliver.calls[1]?.event)).toEqual(["a", "b"]);
  });

  it("ignores batch item failures unless asked to read them", async () => {
    const deliver = recordingFunction("deliver", (event) => ({
      batchItemFailures: [{ itemIdentifier: sequenceNumbersOf(event)[0] }],
    }));
    const { streamName } = await start(deliver);

    await putTexts(client, streamName, ["a", "b"]);

    await waitFor(() => deliver.calls.length === 1);
    await sleep(100);
    expect(deliver.calls).toHaveLength(1);
  });

  it("gives up a failing batch after its retries, then moves on", async () => {
    const deliver = recordingFunction("deliver", (event) => {
      if (textsOf(event).includes("bad")) throw new Error("cannot deliver");
    });
    const { streamName, streamArn } = await start(deliver, {
      batchSize: 2,
      maximumRetryAttempts: 2,
    });

    const sequenceNumbers = await putTexts(client, streamName, [
      "bad",
      "x",
      "y",
    ]);

    await waitFor(() => deliver.calls.length === 4);
    expect(deliver.calls.map((call) => textsOf(call.event))).toEqual([
      ["bad", "x"],
      ["bad", "x"],
      ["bad", "x"],
      ["y"],
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toEqual({
      requestContext: {
        requestId: deliver.calls[2]?.context.awsRequestId,
        functionArn: "arn:aws:lambda:us-east-1:000000000000:function:deliver",
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: 3,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: "$LATEST",
        functionError: "Unhandled",
      },
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      KinesisBatchInfo: {
        shardId: "shardId-000000000000",
        startSequenceNumber: sequenceNumbers[0],
        endSequenceNumber: sequenceNumbers[1],
        approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
        batchSize: 2,
        streamArn,
      },
    });
  });

  it("bisects to isolate a poison record and gives up only it", async () => {
    const deliver = recordingFunction("deliver", (event) => {
      if (textsOf(event).includes("poison")) throw new Error("poisoned");
    });
    const { streamName } = await start(deliver, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 1,
    });
    const texts = ["a", "b", "c", "d", "poison", "f", "g", "h"];

    const sequenceNumbers = await putTexts(client, streamName, texts);

    await waitFor(() => failures.length === 1);
    await waitFor(() => source?.stats().recordsProcessed === 7);
    const poison = sequenceNumbers[4];
    expect(failures[0]?.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: poison,
      endSequenceNumber: poison,
      batchSize: 1,
    });
    expect(failures[0]?.requestContext).toMatchObject({
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: 2,
    });
    const delivered = deliver.calls
      .filter((call) => !textsOf(call.event).includes("poison"))
      .flatMap((call) => textsOf(call.event));
    expect(delivered).toEqual(["a", "b", "c", "d", "f", "g", "h"]);
    expect(source?.stats()).toMatchObject({
      bisections: 3,
      recordsDiscarded: 1,
    });
  });

  it("does not retry records older than the maximum record age", async () => {
    const stream = await createLocalStream(client);
    await putTexts(client, stream.streamName, ["stale"]);
    await sleep(1_100);
    const deliver = recordingFunction("deliver", () => {
      throw new Error("always fails");
    });
    failures = [];
    source = startKinesisEventSource({
      client,
      ...stream,
      region: "us-east-1",
      function: deliver,
      settings: { ...settings, maximumRecordAgeSeconds: 1 },
      pollIntervalMs: 20,
      onFailure: async (record) => {
        failures.push(record);
      },
    });

    await waitFor(() => failures.length === 1);
    expect(deliver.calls).toHaveLength(1);
    expect(failures[0]?.requestContext.condition).toBe("RecordAgeExceeded");
  });

  it("gathers records for a batching window", async () => {
    const deliver = recordingFunction("deliver");
    const { streamName } = await start(deliver, {
      batchSize: 10,
      maximumBatchingWindowSeconds: 1,
    });

    await putTexts(client, streamName, ["a"]);
    await sleep(200);
    await putTexts(client, streamName, ["b"]);

    await waitFor(() => deliver.calls.length === 1, 3_000);
    expect(textsOf(deliver.calls[0]?.event)).toEqual(["a", "b"]);
  });

  it("keeps order per partition key across parallel lanes", async () => {
    const deliver = recordingFunction("deliver", () => sleep(5));
    const { streamName } = await start(deliver, {
      batchSize: 2,
      parallelizationFactor: 4,
    });
    const texts = Array.from({ length: 40 }, (_, i) => `k${i % 5}-${i}`);

    await putTexts(
      client,
      streamName,
      texts,
      (text) => text.split("-")[0] ?? "",
    );

    await waitFor(() => source?.stats().recordsProcessed === 40);
    const delivered = deliver.calls.flatMap((call) => textsOf(call.event));
    for (let key = 0; key < 5; key++) {
      const ofKey = (text: string) => text.startsWith(`k${key}-`);
      expect(delivered.filter(ofKey)).toEqual(texts.filter(ofKey));
    }
  });

  it("reads the children of a split shard after the parent", async () => {
    const deliver = recordingFunction("deliver");
    const { streamName } = await start(deliver);
    await putTexts(client, streamName, ["before-1", "before-2"]);
    await waitFor(() => deliver.calls.length >= 1);

    await client.send(
      new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: "shardId-000000000000",
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await putTexts(client, streamName, ["after-1", "after-2"]);

    await waitFor(
      () => deliver.calls.flatMap((call) => textsOf(call.event)).length === 4,
    );
    expect(deliver.calls.flatMap((call) => textsOf(call.event))).toEqual([
      "before-1",
      "before-2",
      "after-1",
      "after-2",
    ]);
    const { Shards } = await client.send(
      new ListShardsCommand({ StreamName: streamName }),
    );
    expect(Shards).toHaveLength(3);
  });

  it("waits for the batch being delivered when it closes", async () => {
    let finished = false;
    const deliver = recordingFunction("deliver", async () => {
      await sleep(200);
      finished = true;
    });
    const { streamName } = await start(deliver);
    await putTexts(client, streamName, ["slow"]);
    await waitFor(() => deliver.calls.length === 1);

    await source?.close();

    expect(finished).toBe(true);
  });

  it("rejects ready when the stream does not exist", async () => {
    source = startKinesisEventSource({
      client,
      streamName: "no-such-stream",
      streamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/none",
      region: "us-east-1",
      function: recordingFunction("deliver"),
      settings,
      onFailure: async () => {},
    });

    await expect(source.ready).rejects.toMatchObject({
      code: "stream_not_found",
    });
  });
});
