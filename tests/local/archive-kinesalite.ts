import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { CreateStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

type Kinesalite = (options: Record<string, number>) => Server;
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const require = createRequire(import.meta.url);

/** An in-memory kinesalite on a loopback port, and a client for it. */
export interface TestKinesis {
  client: KinesisClient;
  createStream(name: string, shardCount: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts kinesalite for the archiver's tests. Its request listener is
 * wrapped because kinesalite throws from a request's `error` event,
 * which would kill the test runner when a client drops mid-request.
 */
export async function startTestKinesis(): Promise<TestKinesis> {
  const kinesalite = require("kinesalite") as Kinesalite;
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    // Every test makes a stream of its own; the default limit is 10.
    shardLimit: 100,
  });
  swallowRequestErrors(server);

  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  // kinesalite speaks HTTP/1.1 only; the SDK's Kinesis default is HTTP/2.
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${port}`,
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
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

function swallowRequestErrors(server: Server): void {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of listeners) {
      listener(req, res);
    }
    req.removeAllListeners("error");
    req.on("error", () => {});
  });
}
