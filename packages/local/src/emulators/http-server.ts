import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorError } from "./errors";

/** A running emulator: where to reach it and how to stop it. */
export interface LocalEndpoint {
  /** `http://host:port`, what an SDK client takes as `endpoint`. */
  endpoint: string;
  close(): Promise<void>;
}

/** Where a server listens; port 0 picks a free port. */
export interface ListenOptions {
  port?: number;
  host?: string;
}

/**
 * Starts listening and resolves with the endpoint. Defaults to loopback:
 * a laptop stack has no business being reachable from the network.
 */
export function listen(
  server: Server,
  options: ListenOptions = {},
): Promise<string> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;

  return new Promise((resolve, reject) => {
    const onError = (cause: Error) => {
      reject(
        new EmulatorError(
          "listen_failed",
          `Could not listen on "${host}:${port}"; free the port or pick ` +
            "another one.",
          { cause },
        ),
      );
    };

    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      resolve(`http://${hostForUrl(host)}:${address.port}`);
    });
  });
}

/**
 * Stops a server. Idle keep-alive sockets close at once; requests still
 * running get `graceMs` to finish before their sockets are cut, so a
 * stack always stops in bounded time.
 */
export function closeServer(server: Server, graceMs = 2_000): Promise<void> {
  if (!server.listening) return Promise.resolve();

  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Keeps a client that drops mid-request from killing the process.
 * kinesalite and dynalite rethrow every request `error` (an ECONNRESET
 * when a client goes away) from a listener, which makes it an uncaught
 * exception. Their listener is added synchronously when a request
 * arrives, so it is removed right after; Node emits request errors only
 * to listeners, so none are raised after that.
 */
export function swallowRequestErrors(server: Server): void {
  const listeners = server.listeners("request") as Array<
    (request: IncomingMessage, response: ServerResponse) => void
  >;
  server.removeAllListeners("request");

  server.on("request", (request, response) => {
    for (const listener of listeners) {
      listener.call(server, request, response);
    }
    request.removeAllListeners("error");
  });
}

function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
