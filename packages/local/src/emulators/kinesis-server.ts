import type { Server } from "node:http";
import { createRequire } from "node:module";
import {
  closeServer,
  type ListenOptions,
  type LocalEndpoint,
  listen,
  swallowRequestErrors,
} from "./http-server";

/** Settings of the local Kinesis. */
export interface KinesisServerOptions extends ListenOptions {
  /** Most shards across all streams; kinesalite defaults to 10. */
  shardLimit?: number;
}

type Kinesalite = (options: Record<string, unknown>) => Server;

const require = createRequire(import.meta.url);

/**
 * Starts kinesalite in memory: the Kinesis JSON 1.1 protocol on a local
 * port. Streams are `ACTIVE` as soon as they are created, deleted or
 * resharded, instead of after 500 ms.
 *
 * Clients need a `NodeHttpHandler` from `@smithy/node-http-handler`:
 * kinesalite speaks HTTP/1.1 only, and the SDK's default Kinesis handler
 * is HTTP/2. Streams are addressed by `StreamName` (kinesalite rejects
 * `StreamARN`); their ARNs use account `000000000000` and the region in
 * `AWS_REGION` when kinesalite was loaded, else `us-east-1`.
 */
export async function startKinesis(
  options: KinesisServerOptions = {},
): Promise<LocalEndpoint> {
  const kinesalite = require("kinesalite") as Kinesalite;
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    ...(options.shardLimit !== undefined && {
      shardLimit: options.shardLimit,
    }),
  });
  swallowRequestErrors(server);

  const endpoint = await listen(server, options);
  return { endpoint, close: () => closeServer(server) };
}
