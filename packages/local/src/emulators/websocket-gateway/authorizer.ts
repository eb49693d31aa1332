import type { Logger } from "../logger";
import { policyAllows } from "./authorizer-policy";
import type { AuthorizerEvent } from "./events";
import { invokeIntegration } from "./integration";
import type { WebSocketAuthorizer } from "./options";

/** What the authorizer decided about a handshake. */
export type AuthorizerDecision =
  | {
      allowed: true;
      /** `requestContext.authorizer` of every event of the connection. */
      authorizer: Record<string, string | null>;
    }
  | { allowed: false; statusCode: 401 | 403 | 500; message: string };

/**
 * Runs a Lambda REQUEST authorizer and reads its answer as API Gateway
 * does: an error whose message is `Unauthorized` is a 401; any other
 * error, a timeout or a malformed result is a 500; a policy that does
 * not allow the method ARN is a 403. Context values reach later events
 * as strings; objects and arrays in the context are a 500.
 */
export async function runAuthorizer(
  authorizer: WebSocketAuthorizer,
  event: AuthorizerEvent,
  settings: {
    region: string;
    timeoutMs: number;
    logger: Logger;
    connectionId: string;
  },
): Promise<AuthorizerDecision> {
  const outcome = await invokeIntegration(authorizer.function, event, {
    ...settings,
    summary: {
      route: "$connect",
      step: "authorizer",
      connection_id: settings.connectionId,
    },
  });

  if (outcome.kind === "failed") {
    return outcome.error.payload.errorMessage === "Unauthorized"
      ? { allowed: false, statusCode: 401, message: "Unauthorized" }
      : internalError;
  }
  if (outcome.kind === "timed-out") return internalError;

  const result = outcome.result as {
    principalId?: unknown;
    policyDocument?: unknown;
    context?: unknown;
  } | null;
  if (typeof result?.principalId !== "string") return internalError;

  const context = stringifiedContext(result.context);
  if (!context) return internalError;

  if (!policyAllows(result.policyDocument, event.methodArn)) {
    return { allowed: false, statusCode: 403, message: "Forbidden" };
  }
  return {
    allowed: true,
    authorizer: { ...context, principalId: result.principalId },
  };
}

const internalError = {
  allowed: false,
  statusCode: 500,
  message: "Internal server error",
} as const satisfies AuthorizerDecision;

/** The context with its values as strings; `undefined` when invalid. */
function stringifiedContext(
  context: unknown,
): Record<string, string | null> | undefined {
  if (context === undefined || context === null) return {};
  if (typeof context !== "object" || Array.isArray(context)) return undefined;

  const entries: Array<[string, string | null]> = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (value === null) {
      entries.push([key, null]);
    } else if (["string", "number", "boolean"].includes(typeof value)) {
      entries.push([key, String(value)]);
    } else {
      return undefined;
    }
  }
  return Object.fromEntries(entries);
}
