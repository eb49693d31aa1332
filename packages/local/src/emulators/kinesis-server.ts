import type { ListenOptions, LocalEndpoint } from "./http-server";
import { startInMemoryServer } from "./in-memory-server";

/** Settings of the local Kinesis. */
export interface KinesisServerOptions extends ListenOptions {
  /** Most shards across all streams; kinesalite defaults to 10. */
  shardLimit?: number;
}

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
export function startKinesis(
  options: KinesisServerOptions = {},
): Promise<LocalEndpoint> {
  return startInMemoryServer(
    "kinesalite",
    {
      createStreamMs: 0,
      deleteStreamMs: 0,
      updateStreamMs: 0,
      ...(options.shardLimit !== undefined && {
        shardLimit: options.shardLimit,
      }),
    },
    options,
  );
}
