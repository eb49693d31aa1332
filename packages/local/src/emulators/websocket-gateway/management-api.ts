import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../http-body";
import { sendAwsError, sendJson } from "../http-response";
import type { GatewayConnection } from "./gateway-connection";
import { newGatewayId } from "./gateway-id";

/** What the management API works on. */
export interface ManagementApi {
  stage: string;
  messageBytes: number;
  connections: ReadonlyMap<string, GatewayConnection>;
  /** Closes a connection from the server side, as DELETE asks. */
  disconnect(connection: GatewayConnection): void;
}

const connectionsPath = /^(?:\/([^/]+))?\/(?:@|%40)connections\/([^/]+)\/?$/;

/** Whether a path belongs to the `@connections` API. */
export function isManagementPath(path: string): boolean {
  return connectionsPath.test(path);
}

/**
 * Answers the `@connections` API as `ApiGatewayManagementApiClient`
 * calls it: POST sends the body as one message, GET describes the
 * connection, DELETE closes it. A connection that is not open answers
 * 410 `GoneException`. Any SigV4 signature is accepted unchecked.
 */
export async function handleManagementRequest(
  api: ManagementApi,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const headers = { "x-amzn-RequestId": newGatewayId() };
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const [, stage, encodedId = ""] = connectionsPath.exec(path) ?? [];

  if (stage !== undefined && stage !== api.stage) {
    request.resume();
    sendAwsError(
      response,
      403,
      "ForbiddenException",
      { message: "Forbidden" },
      headers,
    );
    return;
  }

  const body =
    request.method === "POST"
      ? await readBody(request, api.messageBytes)
      : undefined;
  if (body?.tooLarge) {
    sendAwsError(
      response,
      413,
      "PayloadTooLargeException",
      { message: `Message is over ${api.messageBytes} bytes.` },
      headers,
    );
    return;
  }
  if (!body) request.resume();

  const connectionId = decodeURIComponent(encodedId);
  const connection = api.connections.get(connectionId);
  if (!connection?.isOpen) {
    sendAwsError(
      response,
      410,
      "GoneException",
      { message: `Connection "${connectionId}" is gone.` },
      headers,
    );
    return;
  }

  switch (request.method) {
    case "POST": {
      connection.send(body?.bytes ?? Buffer.alloc(0));
      response.writeHead(200, { ...headers, "Content-Length": 0 }).end();
      return;
    }
    case "GET": {
      sendJson(response, 200, describe(connection), headers);
      return;
    }
    case "DELETE": {
      api.disconnect(connection);
      response.writeHead(204, headers).end();
      return;
    }
    default:
      sendAwsError(
        response,
        403,
        "ForbiddenException",
        { message: `${request.method} is not a @connections method.` },
        headers,
      );
  }
}

/** GetConnection's wire shape: camelCase names, ISO 8601 times. */
function describe(connection: GatewayConnection) {
  return {
    connectedAt: new Date(connection.info.connectedAt).toISOString(),
    identity: {
      sourceIp: connection.info.sourceIp,
      userAgent: connection.info.userAgent ?? "",
    },
    lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
  };
}
