import type { Server } from "node:http";
import { createRequire } from "node:module";
import {
  closeServer,
  type ListenOptions,
  type LocalEndpoint,
  listen,
  swallowRequestErrors,
} from "./http-server";

/** The emulator packages this helper knows how to start. */
export type InMemoryServerPackage = "dynalite" | "kinesalite";

/** What both packages export: a factory of an unstarted HTTP server. */
type ServerFactory = (settings: Record<string, unknown>) => Server;

const require = createRequire(import.meta.url);

/**
 * Starts dynalite or kinesalite in memory (their LevelDB store kept in
 * memory) on a local port, with `settings` passed to the package as is.
 * The package is loaded on the first start, so importing the emulators
 * costs nothing until one is used.
 */
export async function startInMemoryServer(
  packageName: InMemoryServerPackage,
  settings: Record<string, unknown>,
  options: ListenOptions,
): Promise<LocalEndpoint> {
  const createServer = require(packageName) as ServerFactory;
  const server = createServer(settings);
  swallowRequestErrors(server);

  const endpoint = await listen(server, options);
  return { endpoint, close: () => closeServer(server) };
}
