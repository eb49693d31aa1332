/**
 * `$disconnect` route.
 *
 * Trigger: API Gateway, best effort, after a connection closed.
 * Side effects: deletes the connection. Never cancels an answer: closing
 * a tab must not stop what other tabs, or a later resume, will read.
 * Contract: always 200; a missed call is covered by the item's expiry.
 */
import { dependencies } from "./shared/dependencies";
import { websocketRoute } from "./shared/websocket-route";

export const handler = websocketRoute(async (request) => {
  await dependencies().connections.delete(request.connectionId);
});
