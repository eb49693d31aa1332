import type { ListenOptions } from "../http-server";
import type { LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";

/** The service limits of an API Gateway WebSocket API. */
export interface WebSocketLimits {
  /** Largest message, from a client or through `@connections`. */
  messageBytes: number;
  /** Largest frame; longer messages travel in several frames. */
  frameBytes: number;
  /** A connection with no message from its client this long is closed. */
  idleTimeoutMs: number;
  /** A connection is closed this long after it opened. */
  maxConnectionMs: number;
}

/** The limits AWS documents; none of them can be raised there. */
export const awsWebSocketLimits: WebSocketLimits = {
  messageBytes: 128 * 1024,
  frameBytes: 32 * 1024,
  idleTimeoutMs: 10 * 60 * 1_000,
  maxConnectionMs: 2 * 60 * 60 * 1_000,
};

/** A Lambda REQUEST authorizer on the `$connect` route. */
export interface WebSocketAuthorizer {
  function: LocalFunction;
  /**
   * Where the identity is, as `route.request.querystring.<name>` or
   * `route.request.header.<name>`. A handshake missing any of them is
   * rejected with 401 without calling the authorizer.
   */
  identitySource: readonly string[];
}

/** Settings of the local WebSocket API. */
export interface WebSocketGatewayOptions extends ListenOptions {
  /** The stage name, the first segment of every path. */
  stage: string;
  /** Defaults to `AWS_REGION`, then `us-east-1`. */
  region?: string;
  /** Functions by route key: `$connect`, `$disconnect`, `$default`, ... */
  routes: Readonly<Record<string, LocalFunction>>;
  authorizer?: WebSocketAuthorizer;
  /**
   * The message property whose value selects the route, the local form
   * of the route selection expression `$request.body.<key>`; a dotted
   * path reaches into nested objects. Defaults to `action`.
   */
  routeSelectionKey?: string;
  limits?: Partial<WebSocketLimits>;
  /** The API id in ARNs and events; defaults to `localwsapi`. */
  apiId?: string;
  /**
   * `requestContext.domainName` of every event. Defaults to the `Host`
   * header of the handshake, `127.0.0.1:<port>` for a local client.
   */
  domainName?: string;
  /**
   * How long API Gateway waits for an integration; 29 s in AWS. A slower
   * function keeps running, but its answer is dropped.
   */
  integrationTimeoutMs?: number;
  /** How long `close()` waits for `$disconnect` and running routes. */
  closeTimeoutMs?: number;
  logger?: Logger;
}
