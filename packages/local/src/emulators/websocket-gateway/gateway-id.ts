import { randomBytes } from "node:crypto";

/**
 * A new id in the shape API Gateway uses for connection ids, request ids
 * and message ids: 11 random bytes in URL-safe base64, 16 characters
 * ending in `=`. Clients must URL-encode it in a management API path, as
 * they must in AWS.
 */
export function newGatewayId(): string {
  return `${randomBytes(11).toString("base64url")}=`;
}
