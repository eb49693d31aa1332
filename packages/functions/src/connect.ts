/**
 * `$connect` route.
 *
 * Trigger: API Gateway, during the handshake, after the authorizer.
 * Side effects: stores the connection with its user and an expiry.
 * Contract: 200 accepts the connection; 401 when no authorizer vouched
 * for a user; 500 when it could not be stored. Both reject the handshake.
 */
import { connectionLifetimeSeconds } from "@chat-stream/core";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { dependencies } from "./shared/dependencies";
import { logger } from "./shared/logger";
import { websocketEventSchema } from "./shared/websocket-route";

export async function handler(
  event: unknown,
): Promise<APIGatewayProxyResultV2> {
  const started = Date.now();
  const parsed = websocketEventSchema.safeParse(event);
  const connectionId = parsed.data?.requestContext.connectionId;
  const userId = parsed.data?.requestContext.authorizer?.userId;
  const summary = { route: "$connect", connection_id: connectionId };

  if (!connectionId || !userId) {
    logger.warn("connection refused", { ...summary, outcome: "no_user" });
    return { statusCode: 401 };
  }

  try {
    await dependencies().connections.put({
      connectionId,
      userId,
      connectedAt: started,
      expiresAt: Math.floor(started / 1000) + connectionLifetimeSeconds,
    });
    logger.info("route handled", {
      ...summary,
      outcome: "ok",
      duration_ms: Date.now() - started,
    });
    return { statusCode: 200 };
  } catch (error) {
    logger.error("connection not stored", { ...summary, error: String(error) });
    return { statusCode: 500 };
  }
}
