import type { LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";
import { runAuthorizer } from "./authorizer";
import {
  authorizerEvent,
  type ConnectionInfo,
  connectEvent,
  connectMethodArn,
  connectRequestContext,
} from "./events";
import type { Handshake } from "./handshake";
import { hasIdentitySources } from "./identity-source";
import { invokeIntegration } from "./integration";
import type { WebSocketAuthorizer } from "./options";

/** Whether a handshake may complete, and with what. */
export type ConnectDecision =
  | {
      accepted: true;
      authorizer?: Record<string, string | null>;
      /** The subprotocol `$connect` chose, if any. */
      protocol?: string;
      /** Whether `$connect` ran, so `$disconnect` is owed. */
      connectRan: boolean;
    }
  | { accepted: false; statusCode: number; body: string };

/** What deciding a handshake needs. */
export interface ConnectFlow {
  authorizer?: WebSocketAuthorizer;
  connectRoute?: LocalFunction;
  region: string;
  integrationTimeoutMs: number;
  logger: Logger;
}

/**
 * Decides a handshake as API Gateway does, before the socket opens: the
 * identity sources must be there (else 401), the authorizer must allow
 * (else 401, 403 or 500), then `$connect` must answer 2xx (else its own
 * status; 502 when it fails, 504 when it is too slow). A `$connect`
 * result without a `statusCode` accepts.
 */
export async function decideConnect(
  flow: ConnectFlow,
  connection: ConnectionInfo,
  handshake: Handshake,
): Promise<ConnectDecision> {
  const context = connectRequestContext(connection);
  const settings = {
    region: flow.region,
    timeoutMs: flow.integrationTimeoutMs,
    logger: flow.logger,
  };

  let authorizer: Record<string, string | null> | undefined;
  if (flow.authorizer) {
    if (!hasIdentitySources(flow.authorizer.identitySource, handshake)) {
      return refuse(401, "Unauthorized");
    }

    const methodArn = connectMethodArn(connection, flow.region);
    const decision = await runAuthorizer(
      flow.authorizer,
      authorizerEvent(handshake, context, methodArn),
      { ...settings, connectionId: connection.connectionId },
    );
    if (!decision.allowed) return refuse(decision.statusCode, decision.message);
    authorizer = decision.authorizer;
  }

  if (!flow.connectRoute) {
    return {
      accepted: true,
      ...(authorizer && { authorizer }),
      connectRan: false,
    };
  }

  const event = connectEvent(handshake, {
    ...context,
    ...(authorizer && { authorizer }),
  });
  const outcome = await invokeIntegration(flow.connectRoute, event, {
    ...settings,
    summary: { route: "$connect", connection_id: connection.connectionId },
  });

  if (outcome.kind === "failed") return refuse(502, "Internal server error");
  if (outcome.kind === "timed-out") {
    return refuse(504, "Endpoint request timed out");
  }

  const response = proxyResponse(outcome.result);
  if (response.statusCode < 200 || response.statusCode > 299) {
    return { accepted: false, ...response };
  }
  return {
    accepted: true,
    ...(authorizer && { authorizer }),
    ...(response.protocol && { protocol: response.protocol }),
    connectRan: true,
  };
}

function refuse(statusCode: number, message: string): ConnectDecision {
  return {
    accepted: false,
    statusCode,
    body: JSON.stringify({ message }),
  };
}

/** The parts of a Lambda proxy response a handshake uses. */
function proxyResponse(result: unknown): {
  statusCode: number;
  body: string;
  protocol?: string;
} {
  if (typeof result !== "object" || result === null) {
    return { statusCode: 200, body: "" };
  }

  const { statusCode, body, headers } = result as {
    statusCode?: unknown;
    body?: unknown;
    headers?: unknown;
  };
  const protocol = headerValue(headers, "sec-websocket-protocol");
  return {
    statusCode: statusCode === undefined ? 200 : Number(statusCode),
    body: typeof body === "string" ? body : "",
    ...(protocol && { protocol }),
  };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const entry = Object.entries(headers).find(
    ([key]) => key.toLowerCase() === name,
  );
  return typeof entry?.[1] === "string" ? entry[1] : undefined;
}
