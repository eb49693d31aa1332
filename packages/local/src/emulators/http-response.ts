import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Answers with a JSON body. */
export function sendJson(
  response: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Answers with an AWS service error. The AWS SDK picks the exception
 * class by the `x-amzn-ErrorType` header: without it, a 410 from API
 * Gateway surfaces as an error named `Unknown` instead of `GoneException`.
 */
export function sendAwsError(
  response: ServerResponse,
  statusCode: number,
  errorType: string,
  body: Record<string, unknown>,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(response, statusCode, body, {
    "x-amzn-ErrorType": errorType,
    ...headers,
  });
}
