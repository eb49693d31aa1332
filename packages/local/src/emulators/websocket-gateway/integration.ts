import { abortableSleep } from "../abortable-sleep";
import type { FunctionError } from "../errors";
import { invokeLocalFunction, type LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";

/** How API Gateway saw a Lambda integration end. */
export type IntegrationResult =
  | { kind: "returned"; result: unknown }
  | { kind: "failed"; error: FunctionError }
  /** API Gateway stopped waiting; the function may still be running. */
  | { kind: "timed-out" };

/** What an integration call needs besides the function and the event. */
export interface IntegrationSettings {
  region: string;
  timeoutMs: number;
  logger: Logger;
  /** Fields of the summary log line, such as route and connection. */
  summary: Record<string, unknown>;
}

/**
 * Calls a function as API Gateway's Lambda proxy integration does:
 * synchronously, giving up after the integration timeout even when the
 * function's own timeout is longer. Logs one summary line per call.
 */
export async function invokeIntegration(
  fn: LocalFunction,
  event: unknown,
  settings: IntegrationSettings,
): Promise<IntegrationResult> {
  const startedAt = Date.now();
  const stopWaiting = new AbortController();
  const invocation = invokeLocalFunction(fn, event, {
    region: settings.region,
  }).then((outcome): IntegrationResult => {
    return outcome.ok
      ? { kind: "returned", result: outcome.result }
      : { kind: "failed", error: outcome.error };
  });
  const timeout = abortableSleep(settings.timeoutMs, stopWaiting.signal).then(
    (): IntegrationResult => ({ kind: "timed-out" }),
  );

  const result = await Promise.race([invocation, timeout]);
  stopWaiting.abort();

  settings.logger.info("route invocation", {
    ...settings.summary,
    function_name: fn.name,
    outcome: result.kind === "failed" ? result.error.code : result.kind,
    duration_ms: Date.now() - startedAt,
  });
  return result;
}
