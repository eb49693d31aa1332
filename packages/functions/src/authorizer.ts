/**
 * `$connect` authorizer (Lambda REQUEST authorizer).
 *
 * Trigger: API Gateway, before a WebSocket handshake completes, with the
 * `token` query parameter as identity source.
 * Side effects: none.
 * Contract: a valid token yields an Allow policy whose context carries the
 * user id to every later event of the connection; anything else throws
 * `Unauthorized`, which API Gateway answers with 401.
 */
import { TokenError, verifyUserToken } from "@chat-stream/core";
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
} from "aws-lambda";
import { Resource } from "sst";
import { logger } from "./shared/logger";

export async function handler(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.token;
  try {
    const userId = await verifyUserToken(token, Resource.TokenSecret.value);
    logger.info("connection authorized", { outcome: "allow" });
    return {
      principalId: userId,
      policyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Action: "execute-api:Invoke",
            Effect: "Allow",
            Resource: event.methodArn,
          },
        ],
      },
      context: { userId },
    };
  } catch (error) {
    const reason = error instanceof TokenError ? error.message : "error";
    logger.info("connection refused", { outcome: "deny", reason });
    throw new Error("Unauthorized");
  }
}
