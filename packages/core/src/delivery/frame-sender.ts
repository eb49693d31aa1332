import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { ServerFrame } from "../protocol";

/** What became of a frame: sent, or the connection is gone for good. */
export type SendOutcome = "sent" | "gone";

/** Sends frames to WebSocket connections. */
export interface FrameSender {
  /**
   * Sends one frame. A connection that is gone is an outcome, not an
   * error: the caller forgets it and moves on; it is never retried.
   */
  send(connectionId: string, frame: ServerFrame): Promise<SendOutcome>;
  /** Closes a connection from the server side. */
  disconnect(connectionId: string): Promise<void>;
}

/** API Gateway rejects messages over 128 KB. */
export const maxFrameBytes = 128 * 1024;

/** {@link FrameSender} through the API Gateway management API. */
export class ManagementApiFrameSender implements FrameSender {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, frame: ServerFrame): Promise<SendOutcome> {
    const data = Buffer.from(JSON.stringify(frame), "utf8");
    if (data.byteLength > maxFrameBytes) {
      throw new RangeError(
        `Frame of ${data.byteLength} bytes for connection "${connectionId}" ` +
          `is over the ${maxFrameBytes}-byte limit; split it before sending.`,
      );
    }

    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }),
      );
      return "sent";
    } catch (error) {
      if (error instanceof GoneException) return "gone";
      throw error;
    }
  }

  async disconnect(connectionId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteConnectionCommand({ ConnectionId: connectionId }),
      );
    } catch (error) {
      if (!(error instanceof GoneException)) throw error;
    }
  }
}
