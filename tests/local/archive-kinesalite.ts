import { CreateStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startKinesis } from "../../packages/local/src/emulators/kinesis-server";

/** An in-memory kinesalite on a loopback port, and a client for it. */
export interface TestKinesis {
  client: KinesisClient;
  createStream(name: string, shardCount: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts kinesalite for the archiver's tests, through the local stack's
 * own starter (which keeps a client dropping mid-request from killing
 * the runner).
 */
export async function startTestKinesis(): Promise<TestKinesis> {
  // Every test makes a stream of its own; kinesalite's limit is 10 shards.
  const kinesis = await startKinesis({ shardLimit: 100 });

  // kinesalite speaks HTTP/1.1 only; the SDK's Kinesis default is HTTP/2.
  const client = new KinesisClient({
    endpoint: kinesis.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });

  return {
    client,
    async createStream(name, shardCount) {
      await client.send(
        new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }),
      );
    },
    async close() {
      client.destroy();
      await kinesis.close();
    },
  };
}
