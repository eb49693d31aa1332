import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * A Kinesis client for kinesalite. The SDK's default Kinesis handler is
 * HTTP/2, which kinesalite does not speak ("Protocol error"), hence the
 * HTTP/1.1 `NodeHttpHandler`.
 */
export function localKinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
}

let streams = 0;

/** Creates a stream with a fresh name and returns its name and ARN. */
export async function createLocalStream(
  client: KinesisClient,
  shardCount = 1,
): Promise<{ streamName: string; streamArn: string }> {
  streams += 1;
  const streamName = `test-stream-${streams}`;
  await client.send(
    new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }),
  );
  const { StreamDescriptionSummary } = await client.send(
    new DescribeStreamSummaryCommand({ StreamName: streamName }),
  );
  return { streamName, streamArn: StreamDescriptionSummary?.StreamARN ?? "" };
}

/** Puts text records, in order, and returns their sequence numbers. */
export async function putTexts(
  client: KinesisClient,
  streamName: string,
  texts: readonly string[],
  partitionKey: (text: string, index: number) => string = () => "key",
): Promise<string[]> {
  const output = await client.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: texts.map((text, index) => ({
        Data: Buffer.from(text),
        PartitionKey: partitionKey(text, index),
      })),
    }),
  );
  return (output.Records ?? []).map((record) => record.SequenceNumber ?? "");
}
