import { localAccountId } from "../lambda-context";
import { newGatewayId } from "./gateway-id";
import type { Handshake } from "./handshake";

/** What every event of one connection shares. */
export interface ConnectionInfo {
  connectionId: string;
  /** Epoch milliseconds. */
  connectedAt: number;
  sourceIp: string;
  userAgent?: string;
  domainName: string;
  stage: string;
  apiId: string;
  /** The authorizer's principal id and context, values as strings. */
  authorizer?: Record<string, string | null>;
}

export type WebSocketEventType = "CONNECT" | "MESSAGE" | "DISCONNECT";

/** `requestContext` of a WebSocket event, as API Gateway sends it. */
export interface WebSocketRequestContext {
  routeKey: string;
  eventType: WebSocketEventType;
  extendedRequestId: string;
  /** `19/Jan/2023:21:13:26 +0000`. */
  requestTime: string;
  messageDirection: "IN";
  stage: string;
  connectedAt: number;
  requestTimeEpoch: number;
  identity: { sourceIp: string; userAgent?: string };
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
  messageId?: string;
  disconnectStatusCode?: number;
  disconnectReason?: string;
  authorizer?: Record<string, string | null>;
}

/** The event a route's function gets (Lambda proxy integration). */
export interface WebSocketEvent {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  requestContext: WebSocketRequestContext;
  body?: string;
  isBase64Encoded: boolean;
}

/** The event a Lambda REQUEST authorizer gets on `$connect`. */
export interface AuthorizerEvent {
  type: "REQUEST";
  methodArn: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters: Record<string, string[]>;
  stageVariables: Record<string, string>;
  requestContext: WebSocketRequestContext;
}

/** Headers the front end does not pass on to `$connect`. */
const hopByHopHeaders = new Set(["connection", "upgrade"]);

/** The ARN an authorizer's policy must allow for a handshake. */
export function connectMethodArn(
  connection: ConnectionInfo,
  region: string,
): string {
  const { apiId, stage } = connection;
  return (
    `arn:aws:execute-api:${region}:${localAccountId}:` +
    `${apiId}/${stage}/$connect`
  );
}

/**
 * The context of a handshake, shared by the authorizer's event and the
 * `$connect` event: both belong to the same request.
 */
export function connectRequestContext(
  connection: ConnectionInfo,
): WebSocketRequestContext {
  return requestContext(connection, "$connect", "CONNECT");
}

/** The event of the authorizer: the handshake, before any route runs. */
export function authorizerEvent(
  handshake: Handshake,
  context: WebSocketRequestContext,
  methodArn: string,
): AuthorizerEvent {
  return {
    type: "REQUEST",
    methodArn,
    headers: handshake.headers,
    multiValueHeaders: handshake.multiValueHeaders,
    queryStringParameters: handshake.queryStringParameters ?? {},
    multiValueQueryStringParameters:
      handshake.multiValueQueryStringParameters ?? {},
    stageVariables: {},
    requestContext: context,
  };
}

/** The `$connect` event; it alone carries the handshake's query. */
export function connectEvent(
  handshake: Handshake,
  context: WebSocketRequestContext,
): WebSocketEvent {
  const forwarded = (name: string) => !hopByHopHeaders.has(name.toLowerCase());
  return {
    headers: pick(handshake.headers, forwarded),
    multiValueHeaders: pick(handshake.multiValueHeaders, forwarded),
    ...(handshake.queryStringParameters && {
      queryStringParameters: handshake.queryStringParameters,
      multiValueQueryStringParameters:
        handshake.multiValueQueryStringParameters,
    }),
    requestContext: context,
    isBase64Encoded: false,
  };
}

/** The event of a message routed to `routeKey`. */
export function messageEvent(
  connection: ConnectionInfo,
  routeKey: string,
  body: string,
): WebSocketEvent {
  return {
    requestContext: {
      ...requestContext(connection, routeKey, "MESSAGE"),
      messageId: newGatewayId(),
    },
    body,
    isBase64Encoded: false,
  };
}

/**
 * The `$disconnect` event. Its headers are not the handshake's: API
 * Gateway sends a fixed set, most of them empty.
 */
export function disconnectEvent(
  connection: ConnectionInfo,
  statusCode: number,
  reason: string,
): WebSocketEvent {
  const headers: Record<string, string> = {
    Host: connection.domainName,
    "x-api-key": "",
    "X-Forwarded-For": "",
    "x-restapi": "",
  };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    ),
    requestContext: {
      ...requestContext(connection, "$disconnect", "DISCONNECT"),
      disconnectStatusCode: statusCode,
      disconnectReason: reason,
    },
    isBase64Encoded: false,
  };
}

function requestContext(
  connection: ConnectionInfo,
  routeKey: string,
  eventType: WebSocketEventType,
): WebSocketRequestContext {
  const now = new Date();
  return {
    routeKey,
    eventType,
    extendedRequestId: newGatewayId(),
    requestTime: formatRequestTime(now),
    messageDirection: "IN",
    stage: connection.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: now.getTime(),
    identity: {
      sourceIp: connection.sourceIp,
      ...(connection.userAgent && { userAgent: connection.userAgent }),
    },
    requestId: newGatewayId(),
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: connection.apiId,
    ...(connection.authorizer && { authorizer: connection.authorizer }),
  };
}

const months = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** Common Log Format time in UTC, as `requestTime` has it. */
export function formatRequestTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const day = two(date.getUTCDate());
  const month = months[date.getUTCMonth()];
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map(two)
    .join(":");
  return `${day}/${month}/${date.getUTCFullYear()}:${time} +0000`;
}

function pick<T>(
  record: Record<string, T>,
  keep: (name: string) => boolean,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).filter(([name]) => keep(name)),
  );
}
