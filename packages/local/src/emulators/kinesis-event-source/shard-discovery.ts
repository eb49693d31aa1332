import { type KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";

/** A shard and its place in the stream's resharding history. */
export interface ShardInfo {
  shardId: string;
  /** Shards it was split or merged from, read before it. */
  parentIds: string[];
  /** A closed shard takes no new records. */
  closed: boolean;
}

/** Every shard of a stream, following ListShards' pages. */
export async function listShards(
  client: KinesisClient,
  streamName: string,
  signal: AbortSignal,
): Promise<ShardInfo[]> {
  const shards: ShardInfo[] = [];
  let nextToken: string | undefined;

  do {
    const output = await client.send(
      new ListShardsCommand(
        nextToken ? { NextToken: nextToken } : { StreamName: streamName },
      ),
      { abortSignal: signal },
    );
    for (const shard of output.Shards ?? []) {
      shards.push({
        shardId: shard.ShardId ?? "",
        parentIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter(
          (id): id is string => Boolean(id),
        ),
        closed: Boolean(shard.SequenceNumberRange?.EndingSequenceNumber),
      });
    }
    nextToken = output.NextToken;
  } while (nextToken);

  return shards;
}
