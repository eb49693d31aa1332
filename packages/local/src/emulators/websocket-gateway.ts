import { listen } from "./http-server";
import { silentLogger } from "./logger";
import { GatewayServer } from "./websocket-gateway/gateway-server";
import {
  awsWebSocketLimits,
  type WebSocketGatewayOptions,
} from "./websocket-gateway/options";

export type {
  AuthorizerEvent,
  WebSocketEvent,
  WebSocketRequestContext,
} from "./websocket-gateway/events";
export {
  awsWebSocketLimits,
  type WebSocketAuthorizer,
  type WebSocketGatewayOptions,
  type WebSocketLimits,
} from "./websocket-gateway/options";

/** A running local WebSocket API. */
export interface WebSocketGateway {
  /** `ws://127.0.0.1:<port>/<stage>`, where clients connect. */
  url: string;
  /**
   * `http://127.0.0.1:<port>/<stage>`, the `endpoint` of an
   * `ApiGatewayManagementApiClient`.
   */
  managementEndpoint: string;
  /** Closes every connection, running `$disconnect`, then the server. */
  close(): Promise<void>;
}

/**
 * Starts an emulator of an API Gateway WebSocket API with Lambda proxy
 * integrations. One port serves the WebSocket endpoint (`/` and
 * `/<stage>`) and the `@connections` management API.
 *
 * What matches AWS: the authorizer and `$connect` run during the
 * handshake and can refuse it; route selection on a JSON property, else
 * `$default`, else a `Forbidden` message; route results are not sent to
 * the client, failures are (`Internal server error`); the 128 KB message
 * and 32 KB frame limits close with 1009, binary frames with 1003; idle
 * and maximum connection times; `$disconnect` after every close, best
 * effort. What does not: no TLS, no authorizer result caching, no route
 * responses, no throttling, and the close reasons of idle and expired
 * connections are this emulator's own.
 */
export async function startWebSocketGateway(
  options: WebSocketGatewayOptions,
): Promise<WebSocketGateway> {
  const server = new GatewayServer({
    stage: options.stage,
    region: options.region ?? process.env.AWS_REGION ?? "us-east-1",
    routes: new Map(Object.entries(options.routes)),
    ...(options.authorizer && { authorizer: options.authorizer }),
    routeSelectionKey: options.routeSelectionKey ?? "action",
    limits: { ...awsWebSocketLimits, ...options.limits },
    apiId: options.apiId ?? "localwsapi",
    ...(options.domainName && { domainName: options.domainName }),
    integrationTimeoutMs: options.integrationTimeoutMs ?? 29_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
    logger: options.logger ?? silentLogger,
  });

  const endpoint = await listen(server.http, options);
  const stagePath = `/${encodeURIComponent(options.stage)}`;
  return {
    url: `${endpoint.replace(/^http/, "ws")}${stagePath}`,
    managementEndpoint: `${endpoint}${stagePath}`,
    close: () => server.close(),
  };
}
