import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { abortableSleep } from "../abortable-sleep";
import { sendAwsError, sendJson } from "../http-response";
import { closeServer } from "../http-server";
import type { LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";
import { type ConnectFlow, decideConnect } from "./connect-flow";
import {
  type ConnectionInfo,
  disconnectEvent,
  messageEvent,
  type WebSocketEvent,
} from "./events";
import { watchFrameSizes } from "./frame-size-guard";
import { type ConnectionEnd, GatewayConnection } from "./gateway-connection";
import { newGatewayId } from "./gateway-id";
import {
  isWebSocketUpgrade,
  readHandshake,
  rejectHandshake,
} from "./handshake";
import { invokeIntegration } from "./integration";
import { handleManagementRequest, isManagementPath } from "./management-api";
import type { WebSocketAuthorizer, WebSocketLimits } from "./options";
import { selectRouteKey } from "./route-selection";

/** The gateway's settings, defaults filled in. */
export interface GatewaySettings {
  stage: string;
  region: string;
  routes: ReadonlyMap<string, LocalFunction>;
  authorizer?: WebSocketAuthorizer;
  routeSelectionKey: string;
  limits: WebSocketLimits;
  apiId: string;
  domainName?: string;
  integrationTimeoutMs: number;
  closeTimeoutMs: number;
  logger: Logger;
}

/** Close codes and reasons of the closes the gateway starts. */
const serverCloses = {
  deleted: { statusCode: 1000, reason: "Connection Closed Normally" },
  goingAway: { statusCode: 1001, reason: "Going away" },
  binaryFrame: { statusCode: 1003, reason: "Binary frames are not supported" },
  tooBig: { statusCode: 1009, reason: "Message too big" },
} as const satisfies Record<string, ConnectionEnd>;

/**
 * One HTTP server for both halves of a WebSocket API: upgrades on `/`
 * and `/<stage>` become connections, and `@connections` requests go to
 * the management API.
 */
export class GatewayServer {
  readonly http: Server;
  private readonly webSockets: WebSocketServer;
  private readonly connections = new Map<string, GatewayConnection>();
  private readonly sockets = new Set<WebSocket>();
  private readonly handshakes = new Set<Duplex>();
  private readonly protocols = new WeakMap<IncomingMessage, string>();
  /** Route invocations and `$disconnect` calls still running. */
  private readonly work = new Set<Promise<void>>();
  private readonly routeKeys: ReadonlySet<string>;
  private closing = false;

  constructor(private readonly settings: GatewaySettings) {
    this.routeKeys = new Set(settings.routes.keys());
    this.webSockets = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: settings.limits.messageBytes,
      handleProtocols: (_offered, request) =>
        this.protocols.get(request) ?? false,
    });
    this.http = createServer((request, response) =>
      this.onRequest(request, response),
    );
    this.http.on("upgrade", (request, socket, head) =>
      this.onUpgrade(request, socket, head),
    );
  }

  /**
   * Closes every connection (running `$disconnect`), waits within a
   * bound for running routes, then stops the server.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const socket of this.handshakes) socket.destroy();
    for (const connection of [...this.connections.values()]) {
      this.disconnect(connection, serverCloses.goingAway);
    }

    await Promise.race([
      Promise.allSettled([...this.work]),
      abortableSleep(this.settings.closeTimeoutMs),
    ]);
    // Clients get a moment to answer the close frame; then sockets go.
    await abortableSleep(this.sockets.size > 0 ? 50 : 0);
    for (const socket of this.sockets) socket.terminate();
    this.webSockets.close();
    await closeServer(this.http, 500);
  }

  private onRequest(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;

    if (isManagementPath(path)) {
      const api = {
        stage: this.settings.stage,
        messageBytes: this.settings.limits.messageBytes,
        connections: this.connections,
        disconnect: (connection: GatewayConnection) =>
          this.disconnect(connection, serverCloses.deleted),
      };
      handleManagementRequest(api, request, response).catch((error) => {
        this.settings.logger.error("management request failed", {
          error: String(error),
        });
        if (!response.headersSent) {
          sendAwsError(response, 500, "InternalServerErrorException", {
            message: "Internal server error",
          });
        }
      });
      return;
    }

    request.resume();
    if (this.isStagePath(path)) {
      sendJson(response, 426, { message: "Connect with a WebSocket." });
    } else {
      sendAwsError(response, 403, "ForbiddenException", {
        message: "Forbidden",
      });
    }
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const { logger } = this.settings;
    socket.on("error", (error) => {
      logger.debug("handshake socket error", { error: String(error) });
    });
    this.handshakes.add(socket);
    socket.once("close", () => this.handshakes.delete(socket));

    this.accept(request, socket, head).catch((error: unknown) => {
      logger.error("handshake failed", { error: String(error) });
      rejectHandshake(socket, 500, '{"message":"Internal server error"}');
    });
  }

  private async accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (this.closing) {
      return rejectHandshake(socket, 503, '{"message":"Service Unavailable"}');
    }
    if (!this.isStagePath(path)) {
      return rejectHandshake(socket, 403, '{"message":"Forbidden"}');
    }
    if (!isWebSocketUpgrade(request)) {
      return rejectHandshake(socket, 400, '{"message":"Bad Request"}');
    }

    const handshake = readHandshake(request);
    const info: ConnectionInfo = {
      connectionId: newGatewayId(),
      connectedAt: Date.now(),
      sourceIp: handshake.sourceIp,
      ...(handshake.userAgent && { userAgent: handshake.userAgent }),
      domainName: this.settings.domainName ?? handshake.host,
      stage: this.settings.stage,
      apiId: this.settings.apiId,
    };

    const decision = await decideConnect(this.connectFlow(), info, handshake);
    if (!decision.accepted) {
      this.settings.logger.info("handshake rejected", {
        connection_id: info.connectionId,
        status_code: decision.statusCode,
      });
      return rejectHandshake(socket, decision.statusCode, decision.body);
    }
    if (decision.authorizer) info.authorizer = decision.authorizer;

    if (socket.destroyed || this.closing) {
      // The client left while `$connect` ran; the backend may have
      // stored the connection, so it hears about the end.
      socket.destroy();
      if (decision.connectRan) {
        this.runDisconnect(info, { statusCode: 1006, reason: "Going away" });
      }
      return;
    }

    if (decision.protocol) this.protocols.set(request, decision.protocol);
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) =>
      this.open(webSocket, info, socket),
    );
  }

  private open(webSocket: WebSocket, info: ConnectionInfo, socket: Duplex) {
    const { limits, logger } = this.settings;
    const connection = new GatewayConnection(
      webSocket,
      info,
      limits.frameBytes,
    );
    this.handshakes.delete(socket);
    this.connections.set(connection.id, connection);
    this.sockets.add(webSocket);

    watchFrameSizes(socket, limits.frameBytes, () => {
      connection.rejected = true;
      this.disconnect(connection, serverCloses.tooBig);
    });

    const goAway = () => this.disconnect(connection, serverCloses.goingAway);
    let idle = connection.after(limits.idleTimeoutMs, goAway);
    connection.after(limits.maxConnectionMs, goAway);

    webSocket.on("message", (data, isBinary) => {
      if (connection.rejected || !connection.isOpen) return;
      connection.cancel(idle);
      idle = connection.after(limits.idleTimeoutMs, goAway);
      this.onMessage(connection, data, isBinary);
    });
    webSocket.on("close", (code, reason) => {
      this.sockets.delete(webSocket);
      this.end(connection, clientClose(code, reason.toString("utf8")));
    });
    webSocket.on("error", (error) => {
      logger.debug("connection error", {
        connection_id: connection.id,
        error: String(error),
      });
    });

    logger.info("connection opened", { connection_id: connection.id });
  }

  private onMessage(
    connection: GatewayConnection,
    data: RawData,
    isBinary: boolean,
  ) {
    connection.lastActiveAt = Date.now();
    if (isBinary) {
      this.disconnect(connection, serverCloses.binaryFrame);
      return;
    }

    const body = textOf(data);
    const routeKey = selectRouteKey(
      body,
      this.routeKeys,
      this.settings.routeSelectionKey,
    );
    const fn =
      routeKey === undefined ? undefined : this.settings.routes.get(routeKey);
    if (routeKey === undefined || !fn) {
      this.settings.logger.info("message without route", {
        connection_id: connection.id,
      });
      this.replyError(connection, "Forbidden", newGatewayId());
      return;
    }

    const event = messageEvent(connection.info, routeKey, body);
    this.track(this.runRoute(connection, fn, event));
  }

  /**
   * Runs a route. Its result is not sent to the client (no route
   * responses are configured); a failure is, as API Gateway sends it.
   */
  private async runRoute(
    connection: GatewayConnection,
    fn: LocalFunction,
    event: WebSocketEvent,
  ): Promise<void> {
    const { requestContext } = event;
    const outcome = await invokeIntegration(fn, event, {
      region: this.settings.region,
      timeoutMs: this.settings.integrationTimeoutMs,
      logger: this.settings.logger,
      summary: {
        route: requestContext.routeKey,
        connection_id: connection.id,
      },
    });

    if (outcome.kind === "failed") {
      this.replyError(
        connection,
        "Internal server error",
        requestContext.requestId,
      );
    } else if (outcome.kind === "timed-out") {
      this.replyError(
        connection,
        "Endpoint request timed out",
        requestContext.requestId,
      );
    }
  }

  private replyError(
    connection: GatewayConnection,
    message: string,
    requestId: string,
  ) {
    if (!connection.isOpen) return;
    const frame = { message, connectionId: connection.id, requestId };
    connection.send(Buffer.from(JSON.stringify(frame)));
  }

  /** Closes a connection from the server side. */
  private disconnect(connection: GatewayConnection, end: ConnectionEnd) {
    if (!this.end(connection, end)) return;
    connection.socket.close(end.statusCode, end.reason);
  }

  /** Ends a connection once, whoever closed it, and runs `$disconnect`. */
  private end(connection: GatewayConnection, end: ConnectionEnd): boolean {
    if (!connection.end()) return false;
    this.connections.delete(connection.id);

    this.settings.logger.info("connection closed", {
      connection_id: connection.id,
      status_code: end.statusCode,
      reason: end.reason,
      duration_ms: Date.now() - connection.info.connectedAt,
    });
    this.runDisconnect(connection.info, end);
    return true;
  }

  private runDisconnect(info: ConnectionInfo, end: ConnectionEnd) {
    const fn = this.settings.routes.get("$disconnect");
    if (!fn) return;

    const event = disconnectEvent(info, end.statusCode, end.reason);
    const call = invokeIntegration(fn, event, {
      region: this.settings.region,
      timeoutMs: this.settings.integrationTimeoutMs,
      logger: this.settings.logger,
      summary: { route: "$disconnect", connection_id: info.connectionId },
    });
    this.track(call.then(() => {}));
  }

  private track(work: Promise<void>) {
    const tracked = work
      .catch((error: unknown) => {
        this.settings.logger.error("route handling failed", {
          error: String(error),
        });
      })
      .finally(() => this.work.delete(tracked));
    this.work.add(tracked);
  }

  private connectFlow(): ConnectFlow {
    const connectRoute = this.settings.routes.get("$connect");
    return {
      ...(this.settings.authorizer && { authorizer: this.settings.authorizer }),
      ...(connectRoute && { connectRoute }),
      region: this.settings.region,
      integrationTimeoutMs: this.settings.integrationTimeoutMs,
      logger: this.settings.logger,
    };
  }

  private isStagePath(path: string): boolean {
    const trimmed = path.replace(/\/+$/, "");
    return trimmed === "" || trimmed === `/${this.settings.stage}`;
  }
}

/** The `$disconnect` status and reason of a close the client started. */
function clientClose(code: number, reason: string): ConnectionEnd {
  if (code === 1005) {
    return {
      statusCode: 1005,
      reason: "Client-side close frame status not set",
    };
  }
  if (code === 1006) {
    return { statusCode: 1006, reason: "Connection closed abnormally" };
  }
  return { statusCode: code, reason: reason || "Client closed the connection" };
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
