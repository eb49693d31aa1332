import { abortableSleep } from "../abortable-sleep";
import { invokeLocalFunction, type LocalFunction } from "../lambda-function";
import type { Logger } from "../logger";

/** How asynchronous invocations are retried. */
export interface AsyncInvocationSettings {
  region: string;
  /**
   * Waits before each retry; the last one repeats when a function allows
   * more retries than there are entries. AWS waits about one minute,
   * then two.
   */
  retryDelaysMs: readonly number[];
  logger: Logger;
}

/** AWS retries a failed asynchronous invocation twice by default. */
const defaultMaximumRetryAttempts = 2;

/**
 * The queue of `Event` invocations: each runs in the background and, when
 * its handler fails, runs again up to the function's
 * `maximumRetryAttempts`. Every attempt keeps the request id, as in AWS.
 * Events that fail every attempt are logged and dropped; there are no
 * dead-letter queues or destinations locally.
 */
export class AsyncInvocations {
  private readonly running = new Set<Promise<void>>();
  private readonly stopped = new AbortController();

  constructor(private readonly settings: AsyncInvocationSettings) {}

  /** Starts an invocation without waiting for it. */
  enqueue(fn: LocalFunction, event: unknown, awsRequestId: string): void {
    const run = this.run(fn, event, awsRequestId).finally(() => {
      this.running.delete(run);
    });
    this.running.add(run);
  }

  /**
   * Waits up to `timeoutMs` for running invocations and their retries,
   * then abandons the retries still waiting. A handler already running
   * cannot be stopped in-process; it is left to finish on its own.
   */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;

    while (this.running.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...this.running]),
        abortableSleep(deadline - Date.now()),
      ]);
    }

    if (this.running.size > 0) {
      this.settings.logger.warn("async invocations abandoned", {
        count: this.running.size,
      });
    }
    this.stopped.abort();
  }

  private async run(
    fn: LocalFunction,
    event: unknown,
    awsRequestId: string,
  ): Promise<void> {
    const { region, retryDelaysMs, logger } = this.settings;
    const maximumRetries =
      fn.maximumRetryAttempts ?? defaultMaximumRetryAttempts;

    for (let attempt = 0; ; attempt++) {
      const outcome = await invokeLocalFunction(fn, event, {
        awsRequestId,
        region,
      });
      logger.info("lambda invocation", {
        function_name: fn.name,
        invocation_type: "Event",
        aws_request_id: awsRequestId,
        attempt: attempt + 1,
        outcome: outcome.ok ? "success" : outcome.error.code,
        duration_ms: outcome.durationMs,
      });
      if (outcome.ok) return;

      if (attempt >= maximumRetries) {
        logger.warn("async event dropped after retries", {
          function_name: fn.name,
          aws_request_id: awsRequestId,
          attempts: attempt + 1,
        });
        return;
      }

      const delayMs =
        retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)];
      const waited = await abortableSleep(delayMs ?? 0, this.stopped.signal);
      if (!waited) return;
    }
  }
}
