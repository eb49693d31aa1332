import {
  type _Record,
  ExpiredIteratorException,
  GetShardIteratorCommand,
  type KinesisClient,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import {
  isExpiredIterator,
  ShardReader,
} from "../../packages/local/src/kinesis/shard-reader";

/** One call the fake client received. */
interface RecordedCall {
  operation: "GetShardIterator" | "GetRecords";
  input: unknown;
}

/** An answer to a call: its output, an error to throw, or a step to run. */
type Answer = Record<string, unknown> | Error | (() => never);

/**
 * A fake Kinesis client: answers each call with the next scripted answer
 * and records the call.
 */
function scriptedKinesis(answers: Answer[]) {
  const calls: RecordedCall[] = [];
  const send = async (command: { input: unknown }) => {
    calls.push({
      operation:
        command instanceof GetShardIteratorCommand
          ? "GetShardIterator"
          : "GetRecords",
      input: command.input,
    });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer() : answer;
  };
  return { client: { send } as unknown as KinesisClient, calls };
}

function record(sequenceNumber: string): _Record {
  return {
    SequenceNumber: sequenceNumber,
    PartitionKey: "key",
    Data: new Uint8Array(),
  };
}

const metadata = { $metadata: {} };

function newReader(client: KinesisClient, signal?: AbortSignal) {
  return new ShardReader({
    client,
    streamName: "chat",
    shardId: "shardId-000000000000",
    startingPosition: "TRIM_HORIZON",
    signal,
  });
}

describe("ShardReader", () => {
  it("resumes after the last record read when its iterator expired", async () => {
    const kinesis = scriptedKinesis([
      { ShardIterator: "first" },
      { Records: [record("1"), record("2")], NextShardIterator: "second" },
      new ExpiredIteratorException({ message: "expired", ...metadata }),
      { ShardIterator: "renewed" },
      { Records: [record("3")], NextShardIterator: "third" },
    ]);
    const reader = newReader(kinesis.client);

    await reader.open();
    await reader.read(50_000);
    const failure = await reader.read(5).catch((error: unknown) => error);
    const batch = await reader.read(5);

    expect(isExpiredIterator(failure)).toBe(true);
    expect(batch.records.map((each) => each.SequenceNumber)).toEqual(["3"]);
    expect(kinesis.calls).toEqual([
      {
        operation: "GetShardIterator",
        input: {
          StreamName: "chat",
          ShardId: "shardId-000000000000",
          ShardIteratorType: "TRIM_HORIZON",
        },
      },
      {
        operation: "GetRecords",
        input: { ShardIterator: "first", Limit: 10_000 },
      },
      { operation: "GetRecords", input: { ShardIterator: "second", Limit: 5 } },
      {
        operation: "GetShardIterator",
        input: {
          StreamName: "chat",
          ShardId: "shardId-000000000000",
          ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
          StartingSequenceNumber: "2",
        },
      },
      {
        operation: "GetRecords",
        input: { ShardIterator: "renewed", Limit: 5 },
      },
    ]);
  });

  it("rejects a failed read and retries it with the same iterator", async () => {
    const throttled = new ProvisionedThroughputExceededException({
      message: "slow down",
      ...metadata,
    });
    const kinesis = scriptedKinesis([
      { ShardIterator: "first" },
      throttled,
      { Records: [record("1")], NextShardIterator: "second" },
    ]);
    const reader = newReader(kinesis.client);

    await reader.open();
    await expect(reader.read()).rejects.toBe(throttled);
    await reader.read();

    expect(isExpiredIterator(throttled)).toBe(false);
    expect(kinesis.calls.map((call) => call.input)).toEqual([
      expect.anything(),
      { ShardIterator: "first", Limit: 10_000 },
      { ShardIterator: "first", Limit: 10_000 },
    ]);
  });

  it("reports how far behind the tip a read is", async () => {
    const kinesis = scriptedKinesis([
      { ShardIterator: "first" },
      {
        Records: [record("1")],
        NextShardIterator: "second",
        MillisBehindLatest: 3_000,
      },
      { Records: [], NextShardIterator: "third" },
    ]);
    const reader = newReader(kinesis.client);

    await reader.open();

    expect((await reader.read()).millisBehindLatest).toBe(3_000);
    expect(await reader.read()).toEqual({ records: [], millisBehindLatest: 0 });
  });

  it("finishes once a closed shard has no next iterator", async () => {
    const kinesis = scriptedKinesis([
      { ShardIterator: "first" },
      { Records: [record("1")] },
    ]);
    const reader = newReader(kinesis.client);

    await reader.open();
    const last = await reader.read();
    const after = await reader.read();

    expect(last.records).toHaveLength(1);
    expect(reader.finished).toBe(true);
    expect(after.records).toEqual([]);
    expect(kinesis.calls).toHaveLength(2);
  });

  it("returns nothing for a read its signal cut short, or after", async () => {
    const stopped = new AbortController();
    const kinesis = scriptedKinesis([
      { ShardIterator: "first" },
      () => {
        stopped.abort();
        throw new Error("The operation was aborted.");
      },
    ]);
    const reader = newReader(kinesis.client, stopped.signal);

    await reader.open();
    const cut = await reader.read();
    const after = await reader.read();

    expect(cut.records).toEqual([]);
    expect(after.records).toEqual([]);
    expect(kinesis.calls).toHaveLength(2);
  });
});
