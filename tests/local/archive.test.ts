import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  SplitShardCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ChunkRecord,
  encodeChunkRecord,
} from "../../packages/core/src/chunk-record";
import {
  ArchiveError,
  type Archiver,
  type ArchiverOptions,
  archiveObjectKey,
  startArchiver,
} from "../../packages/local/src/archive";
import { startTestKinesis, type TestKinesis } from "./archive-kinesalite";
import { waitFor } from "./support/wait-for";

// records/dt=<day>/archive-test-1-<day>-HH-MM-SS-<uuid>.gz
const OBJECT_KEY = new RegExp(
  String.raw`^records/dt=(\d{4}-\d{2}-\d{2})/archive-test-1-` +
    String.raw`(\d{4}-\d{2}-\d{2})-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.gz$`,
);

let kinesis: TestKinesis;
let directory: string;
let streamCount = 0;
const archivers: Archiver[] = [];

beforeAll(async () => {
  kinesis = await startTestKinesis();
});

afterAll(async () => {
  await kinesis.close();
});

afterEach(async () => {
  await Promise.all(archivers.splice(0).map((archiver) => archiver.close()));
  await rm(directory, { recursive: true, force: true });
});

/** A fresh stream and folder per test, and an archiver on them. */
async function setUp(
  options: Partial<ArchiverOptions> & { shards?: number } = {},
): Promise<{ streamName: string; archiver: Archiver }> {
  streamCount += 1;
  const streamName = `archive-test-${streamCount}`;
  directory = await mkdtemp(join(tmpdir(), "archive-test-"));
  await kinesis.createStream(streamName, options.shards ?? 2);

  const archiver = startArchiver({
    client: kinesis.client,
    streamName,
    deliveryStreamName: "archive-test",
    directory,
    bufferingIntervalSeconds: 60,
    bufferingSizeMiB: 5,
    pollIntervalMs: 20,
    ...options,
  });
  archivers.push(archiver);
  await archiver.ready;
  return { streamName, archiver };
}

function chunkRecord(index: number): ChunkRecord {
  return {
    v: 1,
    conversationId: `conversation-${index % 7}`,
    messageId: `message-${index}`,
    userId: `user-${index % 3}`,
    startedAt: 1_700_000_000_000 + index,
    producedAt: 1_700_000_000_100 + index,
    chunks: [
      {
        seq: 0,
        receivedAt: 1_700_000_000_050 + index,
        chunk: { type: "text-delta", id: "t", delta: `answer ${index} é` },
      },
    ],
  };
}

async function put(
  streamName: string,
  entries: PutRecordsRequestEntry[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += 500) {
    const output = await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: entries.slice(start, start + 500),
      }),
    );
    expect(output.FailedRecordCount ?? 0).toBe(0);
  }
}

function entriesFor(records: readonly ChunkRecord[]): PutRecordsRequestEntry[] {
  return records.map((record) => ({
    PartitionKey: record.conversationId,
    Data: encodeChunkRecord(record),
  }));
}

interface ArchivedObject {
  key: string;
  text: string;
}

async function readArchive(): Promise<ArchivedObject[]> {
  const entries = await readdir(directory, {
    recursive: true,
    withFileTypes: true,
  });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();

  return Promise.all(
    files.map(async (file) => ({
      key: relative(directory, file),
      text: gunzipSync(await readFile(file)).toString("utf8"),
    })),
  );
}

function linesOf(objects: readonly ArchivedObject[]): string[] {
  return objects.flatMap((object) => object.text.split("\n").slice(0, -1));
}

describe("startArchiver", () => {
  it("archives exactly the records put, in Firehose's key layout", async () => {
    const { streamName, archiver } = await setUp();
    const records = Array.from({ length: 1200 }, (_, i) => chunkRecord(i));

    await put(streamName, entriesFor(records));
    await archiver.close();

    const objects = await readArchive();
    expect(objects.length).toBeGreaterThan(0);
    for (const { key } of objects) {
      const match = OBJECT_KEY.exec(key);
      expect(match, key).not.toBeNull();
      expect(match?.[1]).toBe(match?.[2]);
    }

    const lines = linesOf(objects);
    const expected = records.map((record) => JSON.stringify(record));
    expect(lines).toHaveLength(records.length);
    expect([...lines].sort()).toEqual([...expected].sort());
    expect(archiver.stats()).toMatchObject({
      shards: 2,
      recordsRead: 1200,
      recordsWritten: 1200,
      bufferedRecords: 0,
      pendingObjects: 0,
    });
  });

  it("keeps the order of each partition key's records", async () => {
    const { streamName, archiver } = await setUp();
    const records = Array.from({ length: 300 }, (_, i) => chunkRecord(i));

    await put(streamName, entriesFor(records));
    await archiver.close();

    const archived = linesOf(await readArchive()).map(
      (line) => JSON.parse(line) as ChunkRecord,
    );
    for (const conversation of new Set(records.map((r) => r.conversationId))) {
      const order = (list: readonly ChunkRecord[]) =>
        list
          .filter((record) => record.conversationId === conversation)
          .map((record) => record.messageId);
      expect(order(archived)).toEqual(order(records));
    }
  });

  it("archives data as it is, lines that are not JSON too", async () => {
    const { streamName, archiver } = await setUp({ shards: 1 });
    const data = ["not json at all\n", '{"v":1}\n', "no newline, ", "x\n"];

    await put(
      streamName,
      data.map((text) => ({ PartitionKey: "p", Data: Buffer.from(text) })),
    );
    await archiver.close();

    const objects = await readArchive();
    expect(objects.map((object) => object.text).join("")).toBe(data.join(""));
  });

  it("writes an object each time the buffer reaches its size", async () => {
    const sizeBytes = 2_000;
    const { streamName, archiver } = await setUp({
      bufferingSizeBytes: sizeBytes,
    });
    const records = Array.from({ length: 100 }, (_, i) => chunkRecord(i));
    const totalBytes = entriesFor(records).reduce(
      (sum, entry) => sum + (entry.Data?.length ?? 0),
      0,
    );

    await put(streamName, entriesFor(records));
    await waitFor(() => archiver.stats().recordsRead === records.length);
    await waitFor(() => archiver.stats().bytesWritten > totalBytes - sizeBytes);
    const beforeClose = archiver.stats().objectsWritten;
    await archiver.close();

    const objects = await readArchive();
    expect(beforeClose).toBeGreaterThanOrEqual(
      Math.floor(totalBytes / sizeBytes),
    );
    for (const object of objects) {
      expect(Buffer.byteLength(object.text)).toBeLessThanOrEqual(sizeBytes);
    }
    expect(linesOf(objects)).toHaveLength(records.length);
  });

  it("writes the buffer once the interval has passed", async () => {
    const { streamName, archiver } = await setUp({
      bufferingIntervalSeconds: 0.3,
    });
    const records = Array.from({ length: 5 }, (_, i) => chunkRecord(i));
    const startedAt = Date.now();

    await put(streamName, entriesFor(records));
    await waitFor(() => archiver.stats().objectsWritten >= 1, 5_000);
    const elapsedMs = Date.now() - startedAt;

    // Five small records on two shards: each arrives within one poll,
    // so one interval covers all of them.
    expect(elapsedMs).toBeGreaterThanOrEqual(300);
    await waitFor(() => archiver.stats().recordsWritten === 5);
    await archiver.close();
    expect(linesOf(await readArchive())).toHaveLength(5);
  });

  it("starts at LATEST unless told to start at TRIM_HORIZON", async () => {
    streamCount += 1;
    const streamName = `archive-test-${streamCount}`;
    directory = await mkdtemp(join(tmpdir(), "archive-test-"));
    await kinesis.createStream(streamName, 1);
    await put(streamName, entriesFor([chunkRecord(1)]));

    const options = {
      client: kinesis.client,
      streamName,
      deliveryStreamName: "archive-test",
      directory,
      bufferingIntervalSeconds: 60,
      bufferingSizeMiB: 1,
      pollIntervalMs: 20,
    };
    const latest = startArchiver(options);
    await latest.ready;
    await put(streamName, entriesFor([chunkRecord(2)]));
    await latest.close();
    expect(linesOf(await readArchive())).toEqual([
      JSON.stringify(chunkRecord(2)),
    ]);

    await rm(directory, { recursive: true });
    const fromStart = startArchiver({
      ...options,
      startingPosition: "TRIM_HORIZON",
    });
    await fromStart.ready;
    await fromStart.close();
    expect(linesOf(await readArchive())).toEqual([
      JSON.stringify(chunkRecord(1)),
      JSON.stringify(chunkRecord(2)),
    ]);
  });

  it("reads the children of a shard that was split", async () => {
    const { streamName, archiver } = await setUp({ shards: 1 });
    const records = Array.from({ length: 100 }, (_, i) => chunkRecord(i));

    await put(streamName, entriesFor(records.slice(0, 50)));
    await waitFor(() => archiver.stats().recordsRead === 50);
    await kinesis.client.send(
      new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: "shardId-000000000000",
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await put(streamName, entriesFor(records.slice(50)));
    await waitFor(() => archiver.stats().shards === 3);
    await archiver.close();

    const lines = linesOf(await readArchive());
    expect([...lines].sort()).toEqual(
      records.map((record) => JSON.stringify(record)).sort(),
    );
  });

  it("flushes on demand and leaves no temporary files", async () => {
    const { streamName, archiver } = await setUp();

    await put(streamName, entriesFor([chunkRecord(1)]));
    await waitFor(() => archiver.stats().bufferedRecords === 1);
    await archiver.flush();
    expect(archiver.stats()).toMatchObject({
      objectsWritten: 1,
      bufferedRecords: 0,
    });

    await archiver.close();
    const objects = await readArchive();
    expect(objects.map((object) => object.key)).toEqual([
      archiver.stats().lastObjectKey,
    ]);
  });

  it("keeps an object it could not write and rejects with a code", async () => {
    const { streamName, archiver } = await setUp();
    archivers.splice(archivers.indexOf(archiver), 1);
    // A file where the date folder should go makes every write fail.
    await writeFile(join(directory, "records"), "");

    await put(streamName, entriesFor([chunkRecord(1)]));
    await waitFor(() => archiver.stats().bufferedRecords === 1);

    await expect(archiver.flush()).rejects.toMatchObject({
      code: "archive_write_failed",
    });
    expect(archiver.stats()).toMatchObject({
      writeFailures: 1,
      pendingObjects: 1,
      objectsWritten: 0,
    });
    await expect(archiver.close()).rejects.toBeInstanceOf(ArchiveError);
  });

  it("rejects with a stable code when the stream does not exist", async () => {
    directory = await mkdtemp(join(tmpdir(), "archive-test-"));

    const archiver = startArchiver({
      client: kinesis.client,
      streamName: "no-such-stream",
      deliveryStreamName: "archive-test",
      directory,
      bufferingIntervalSeconds: 1,
      bufferingSizeMiB: 1,
    });

    await expect(archiver.ready).rejects.toBeInstanceOf(ArchiveError);
    await expect(archiver.ready).rejects.toMatchObject({
      code: "list_shards_failed",
    });
    await expect(archiver.close()).resolves.toBeUndefined();
  });

  it("throws at once for impossible buffering hints", () => {
    expect(() =>
      startArchiver({
        client: kinesis.client,
        streamName: "any",
        deliveryStreamName: "archive-test",
        directory,
        bufferingIntervalSeconds: -1,
        bufferingSizeMiB: 1,
      }),
    ).toThrow(expect.objectContaining({ code: "invalid_options" }));
  });
});

describe("archiveObjectKey", () => {
  it("takes the date and time from the oldest arrival, in UTC", () => {
    const arrival = Date.parse("2024-12-31T23:59:59.900Z");

    expect(archiveObjectKey("chat-archive", arrival, "id-1")).toBe(
      "records/dt=2024-12-31/chat-archive-1-2024-12-31-23-59-59-id-1.gz",
    );
  });
});
