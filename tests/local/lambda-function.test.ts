import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  FunctionTimeoutError,
  invokeLocalFunction,
  type LocalFunction,
} from "../../packages/local/src/emulators";
import { sleep } from "./support/wait-for";

function localFunction(
  handler: LocalFunction["handler"],
  timeoutSeconds = 3,
): LocalFunction {
  return { name: "greeter", handler, timeoutSeconds };
}

describe("invokeLocalFunction", () => {
  it("returns the handler's result", async () => {
    const fn = localFunction(async (event) => ({ echo: event }));

    const outcome = await invokeLocalFunction(fn, { hello: "world" });

    expect(outcome).toMatchObject({
      ok: true,
      result: { echo: { hello: "world" } },
    });
  });

  it("passes a context like the Lambda runtime's", async () => {
    let context: Context | undefined;
    const fn = localFunction(async (_event, received) => {
      context = received;
    }, 5);

    const outcome = await invokeLocalFunction(fn, {}, { region: "eu-west-1" });

    expect(context).toMatchObject({
      awsRequestId: outcome.awsRequestId,
      functionName: "greeter",
      functionVersion: "$LATEST",
      invokedFunctionArn:
        "arn:aws:lambda:eu-west-1:000000000000:function:greeter",
      memoryLimitInMB: "128",
      logGroupName: "/aws/lambda/greeter",
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context?.logStreamName).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/,
    );
    expect(outcome.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts the remaining time down from the timeout", async () => {
    const remaining: number[] = [];
    const fn = localFunction(async (_event, context) => {
      remaining.push(context.getRemainingTimeInMillis());
      await sleep(50);
      remaining.push(context.getRemainingTimeInMillis());
    }, 2);

    await invokeLocalFunction(fn, {});

    expect(remaining[0]).toBeLessThanOrEqual(2_000);
    expect(remaining[0]).toBeGreaterThan(1_900);
    expect(remaining[1]).toBeLessThanOrEqual((remaining[0] ?? 0) - 40);
  });

  it("gives the handler its own copy of the event", async () => {
    const event = { count: 1 };
    const fn = localFunction(async (received) => {
      (received as { count: number }).count = 2;
    });

    await invokeLocalFunction(fn, event);

    expect(event.count).toBe(1);
  });

  it("turns undefined into a null result, as the runtime does", async () => {
    const fn = localFunction(async () => undefined);

    const outcome = await invokeLocalFunction(fn, {});

    expect(outcome).toMatchObject({ ok: true, result: null });
  });

  it("reports a rejection as a function error", async () => {
    const fn = localFunction(async () => {
      throw new TypeError("bad input");
    });

    const outcome = await invokeLocalFunction(fn, {});

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe("function_error");
    expect(outcome.error.payload).toMatchObject({
      errorType: "TypeError",
      errorMessage: "bad input",
    });
    expect(outcome.error.payload.trace[0]).toBe("TypeError: bad input");
  });

  it("reports a synchronous throw as a function error", async () => {
    const fn = localFunction(() => {
      throw "plain string";
    });

    const outcome = await invokeLocalFunction(fn, {});

    expect(outcome).toMatchObject({
      ok: false,
      error: {
        payload: { errorType: "string", errorMessage: "plain string" },
      },
    });
  });

  it("fails a handler that runs past its timeout", async () => {
    const fn = localFunction(() => sleep(400).then(() => "late"), 0.1);

    const outcome = await invokeLocalFunction(fn, {});

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(FunctionTimeoutError);
    expect(outcome.error.code).toBe("function_timeout");
    expect(outcome.error.payload.errorMessage).toBe(
      `RequestId: ${outcome.awsRequestId} Error: Task timed out after ` +
        "0.10 seconds",
    );
    expect(outcome.durationMs).toBeLessThan(300);
  });

  it("absorbs a rejection that comes after the timeout", async () => {
    const fn = localFunction(async () => {
      await sleep(150);
      throw new Error("too late to matter");
    }, 0.05);

    const outcome = await invokeLocalFunction(fn, {});
    await sleep(200);

    expect(outcome.ok).toBe(false);
  });

  it("fails a result that cannot be serialized", async () => {
    const fn = localFunction(async () => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      return loop;
    });

    const outcome = await invokeLocalFunction(fn, {});

    expect(outcome).toMatchObject({
      ok: false,
      error: { payload: { errorType: "Runtime.MarshalError" } },
    });
  });
});
