import type { ListenOptions, LocalEndpoint } from "./http-server";
import { startInMemoryServer } from "./in-memory-server";

/**
 * Starts dynalite in memory: the DynamoDB protocol on a local port.
 * Tables are `ACTIVE` as soon as they are created, deleted or updated,
 * instead of after 500 ms.
 *
 * dynalite does not implement UpdateTimeToLive (items never expire),
 * TransactWriteItems or ExecuteStatement, and a failed conditional write
 * does not return the old item; whoever creates tables must skip TTL.
 */
export function startDynamo(
  options: ListenOptions = {},
): Promise<LocalEndpoint> {
  return startInMemoryServer(
    "dynalite",
    { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 },
    options,
  );
}
