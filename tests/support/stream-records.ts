import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { LocalStackOutputs } from "../../packages/local/src/stack/local-stack";

/**
 * Every record's data on the local stream, as text, read with the real
 * Kinesis client from the start of each shard.
 */
export async function streamRecords(
  outputs: LocalStackOutputs,
): Promise<string[]> {
  const kinesis = new KinesisClient({
    endpoint: outputs.kinesisEndpoint,
    region: outputs.region,
    requestHandler: new NodeHttpHandler(),
  });
  const StreamName = outputs.streamName;
  const data: string[] = [];

  try {
    const { Shards = [] } = await kinesis.send(
      new ListShardsCommand({ StreamName }),
    );
    for (const shard of Shards) {
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName,
          ShardId: shard.ShardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      );
      const page = await kinesis.send(
        new GetRecordsCommand({ ShardIterator, Limit: 10_000 }),
      );
      for (const record of page.Records ?? []) {
        if (record.Data) data.push(Buffer.from(record.Data).toString("utf8"));
      }
    }
  } finally {
    kinesis.destroy();
  }
  return data;
}
