import type { IncomingMessage } from "node:http";

/** A request body, or the news that it was over the limit. */
export type ReadBody =
  | { tooLarge: false; bytes: Buffer }
  | { tooLarge: true; receivedBytes: number };

/**
 * Reads a request body up to `limitBytes`. A longer body is drained and
 * dropped rather than cut off, so the server can still answer with a
 * 413 the client will read. Rejects when the client goes away.
 */
export function readBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;

    request.on("data", (chunk: Buffer) => {
      receivedBytes += chunk.byteLength;
      if (receivedBytes <= limitBytes) chunks.push(chunk);
    });
    request.on("end", () => {
      resolve(
        receivedBytes > limitBytes
          ? { tooLarge: true, receivedBytes }
          : { tooLarge: false, bytes: Buffer.concat(chunks) },
      );
    });
    request.on("error", reject);
  });
}
