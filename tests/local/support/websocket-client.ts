import { type ClientOptions, WebSocket } from "ws";

/** An open test connection and everything it received. */
export interface TestClient {
  socket: WebSocket;
  /** Text messages received, in order. */
  messages: string[];
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
}

/** A handshake the server refused, with its HTTP status and body. */
export class HandshakeRefused extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(`Handshake refused with ${statusCode}: ${body}`);
  }
}

/**
 * Opens a WebSocket and collects what arrives. Rejects with
 * {@link HandshakeRefused} when the server answers the upgrade with an
 * HTTP status instead.
 */
export function connectClient(
  url: string,
  options: ClientOptions & { protocols?: string[] } = {},
): Promise<TestClient> {
  const { protocols = [], ...clientOptions } = options;
  const socket = new WebSocket(url, protocols, clientOptions);
  const messages: string[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on("close", (code, reason) => {
      resolve({ code, reason: reason.toString("utf8") });
    });
  });
  socket.on("message", (data) => messages.push(String(data)));

  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, messages, closed }));
    socket.once("error", reject);
    socket.once("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      response.on("end", () => {
        reject(new HandshakeRefused(response.statusCode ?? 0, body));
        socket.terminate();
      });
    });
  });
}

/** The status a refused handshake got; fails if it was accepted. */
export async function refusal(
  url: string,
  options: ClientOptions = {},
): Promise<HandshakeRefused> {
  try {
    const client = await connectClient(url, options);
    client.socket.terminate();
  } catch (error) {
    if (error instanceof HandshakeRefused) return error;
    throw error;
  }
  throw new Error(`Handshake to ${url} was accepted.`);
}
