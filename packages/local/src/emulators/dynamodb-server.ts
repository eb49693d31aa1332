import type { Server } from "node:http";
import { createRequire } from "node:module";
import {
  closeServer,
  type ListenOptions,
  type LocalEndpoint,
  listen,
  swallowRequestErrors,
} from "./http-server";

type Dynalite = (options: Record<string, unknown>) => Server;

const require = createRequire(import.meta.url);

/**
 * Starts dynalite in memory: the DynamoDB protocol on a local port.
 * Tables are `ACTIVE` as soon as they are created, deleted or updated,
 * instead of after 500 ms.
 *
 * dynalite does not implement UpdateTimeToLive (items never expire),
 * TransactWriteItems or ExecuteStatement, and a failed conditional write
 * does not return the old item; whoever creates tables must skip TTL.
 */
export async function startDynamo(
  options: ListenOptions = {},
): Promise<LocalEndpoint> {
  const dynalite = require("dynalite") as Dynalite;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  swallowRequestErrors(server);

  const endpoint = await listen(server, options);
  return { endpoint, close: () => closeServer(server) };
}
