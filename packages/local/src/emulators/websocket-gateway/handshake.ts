import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** The parts of a WebSocket handshake that events carry. */
export interface Handshake {
  /** Headers as the client spelled them; a repeated one keeps its last. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  sourceIp: string;
  userAgent?: string;
  /** The `Host` the client connected to. */
  host: string;
}

/**
 * Reads a handshake request, adding the forwarding headers API Gateway's
 * front end adds. The protocol is `http`: locally there is no TLS.
 */
export function readHandshake(request: IncomingMessage): Handshake {
  const sourceIp = (request.socket.remoteAddress ?? "127.0.0.1").replace(
    /^::ffff:/,
    "",
  );
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    const value = request.rawHeaders[i + 1] as string;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  multiValueHeaders["X-Forwarded-For"] = [sourceIp];
  multiValueHeaders["X-Forwarded-Port"] = [String(request.socket.localPort)];
  multiValueHeaders["X-Forwarded-Proto"] = ["http"];
  multiValueHeaders["X-Amzn-Trace-Id"] = [traceId()];

  const query = new URL(request.url ?? "/", "http://localhost").searchParams;
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of query) {
    multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
  }
  const hasQuery = Object.keys(multiValueQuery).length > 0;

  return {
    headers: lastValues(multiValueHeaders),
    multiValueHeaders,
    ...(hasQuery && {
      queryStringParameters: lastValues(multiValueQuery),
      multiValueQueryStringParameters: multiValueQuery,
    }),
    sourceIp,
    ...(request.headers["user-agent"] && {
      userAgent: request.headers["user-agent"],
    }),
    host: request.headers.host ?? "localhost",
  };
}

/** Whether a request asks for a WebSocket this server can accept. */
export function isWebSocketUpgrade(request: IncomingMessage): boolean {
  return (
    request.method === "GET" &&
    request.headers.upgrade?.toLowerCase() === "websocket" &&
    typeof request.headers["sec-websocket-key"] === "string" &&
    request.headers["sec-websocket-version"] === "13"
  );
}

/**
 * Refuses a handshake with an HTTP status, as API Gateway does when an
 * authorizer or the `$connect` route says no: the client never gets a
 * socket. `body` is sent as is, as JSON.
 */
export function rejectHandshake(
  socket: Duplex,
  statusCode: number,
  body: string,
): void {
  if (socket.destroyed) return;

  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

/** An X-Ray trace id: `Root=1-<epoch seconds, hex>-<96 random bits>`. */
function traceId(): string {
  const seconds = Math.floor(Date.now() / 1_000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString("hex")}`;
}

function lastValues(
  multiValue: Record<string, string[]>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(multiValue).map(([name, values]) => [name, values.at(-1)]),
  ) as Record<string, string>;
}
