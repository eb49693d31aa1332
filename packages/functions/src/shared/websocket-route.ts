import {
  ChatStreamError,
  type ServerFrame,
  toClientError,
} from "@chat-stream/core";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { z } from "zod";
import { dependencies } from "./dependencies";
import { logger } from "./logger";

/**
 * The parts of an API Gateway WebSocket event the routes read. The
 * authorizer's context rides along on every event of a connection.
 */
export const websocketEventSchema = z.object({
  requestContext: z.object({
    connectionId: z.string().min(1),
    routeKey: z.string().min(1),
    requestId: z.string().optional(),
    authorizer: z.looseObject({ userId: z.string().optional() }).nullish(),
  }),
  body: z.string().nullish(),
});

/** A route invocation as a handler body sees it. */
export interface RouteRequest {
  connectionId: string;
  routeKey: string;
  body: string | undefined;
  /** Set by the authorizer on `$connect`; see {@link userIdOf}. */
  authorizedUserId: string | undefined;
  /** Sends a frame back to the calling connection. */
  reply(frame: ServerFrame): Promise<void>;
  /** Adds fields to the summary log line of this invocation. */
  annotate(fields: Record<string, unknown>): void;
}

/**
 * Wraps a route body into a Lambda handler. Errors never escape: a
 * {@link ChatStreamError} is sent to the client as an `error` frame with
 * its code, anything else as `internal_error` and logged. Every
 * invocation ends with one summary log line.
 */
export function websocketRoute(
  body: (request: RouteRequest) => Promise<void>,
): (event: unknown) => Promise<APIGatewayProxyResultV2> {
  return async (event) => {
    const started = Date.now();
    const parsed = websocketEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error("not a websocket event", { issues: parsed.error.issues });
      return { statusCode: 400 };
    }

    const { requestContext, body: text } = parsed.data;
    const summary: Record<string, unknown> = {
      route: requestContext.routeKey,
      connection_id: requestContext.connectionId,
    };
    const reply = async (frame: ServerFrame) => {
      await dependencies().sender.send(requestContext.connectionId, frame);
    };

    try {
      await body({
        connectionId: requestContext.connectionId,
        routeKey: requestContext.routeKey,
        body: text ?? undefined,
        authorizedUserId: requestContext.authorizer?.userId,
        reply,
        annotate: (fields) => Object.assign(summary, fields),
      });
      summary.outcome = "ok";
    } catch (error) {
      const clientError = toClientError(error);
      summary.outcome = clientError.code;
      if (!(error instanceof ChatStreamError)) {
        logger.error("route failed", { ...summary, error: String(error) });
      }
      await reply({ type: "error", ...clientError }).catch((sendError) =>
        logger.warn("error frame not sent", { error: String(sendError) }),
      );
    } finally {
      logger.info("route handled", {
        ...summary,
        duration_ms: Date.now() - started,
      });
    }
    return { statusCode: 200 };
  };
}

/**
 * The user a connection belongs to: from the authorizer's context when
 * API Gateway passes it, else from the connection's item.
 */
export async function userIdOf(request: RouteRequest): Promise<string> {
  if (request.authorizedUserId) return request.authorizedUserId;

  const connection = await dependencies().connections.get(request.connectionId);
  if (!connection) {
    throw new Error(`Connection "${request.connectionId}" is not known.`);
  }
  return connection.userId;
}
