import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { afterEach, describe, expect, it } from "vitest";
import {
  type LambdaServiceOptions,
  type LocalEndpoint,
  startLambdaService,
} from "../../packages/local/src/emulators";
import { recordingFunction } from "./support/recording-function";
import { sleep, waitFor } from "./support/wait-for";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString("utf8"));

describe("startLambdaService", () => {
  let service: LocalEndpoint | undefined;
  let client: LambdaClient | undefined;

  async function start(options: LambdaServiceOptions): Promise<LambdaClient> {
    service = await startLambdaService(options);
    client = new LambdaClient({
      endpoint: service.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    return client;
  }

  afterEach(async () => {
    client?.destroy();
    await service?.close();
    service = undefined;
  });

  it("answers a RequestResponse invocation with the result", async () => {
    const greet = recordingFunction("greet", (event) => ({
      greeting: `hello ${(event as { name: string }).name}`,
    }));
    const lambda = await start({ functions: [greet] });

    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: "greet",
        Payload: json({ name: "ada" }),
      }),
    );

    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe("$LATEST");
    expect(output.FunctionError).toBeUndefined();
    expect(parse(output.Payload)).toEqual({ greeting: "hello ada" });
    expect(greet.calls[0]?.context.invokedFunctionArn).toBe(
      "arn:aws:lambda:us-east-1:000000000000:function:greet",
    );
  });

  it("finds a function by ARN, with a qualifier", async () => {
    const greet = recordingFunction("greet", () => "hi");
    const lambda = await start({ functions: [greet] });

    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:greet",
        Qualifier: "$LATEST",
      }),
    );

    expect(parse(output.Payload)).toBe("hi");
    expect(greet.calls[0]?.event).toEqual({});
  });

  it("reports a handler error as an unhandled function error", async () => {
    const broken = recordingFunction("broken", () => {
      throw new RangeError("out of range");
    });
    const lambda = await start({ functions: [broken] });

    const output = await lambda.send(
      new InvokeCommand({ FunctionName: "broken" }),
    );

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe("Unhandled");
    expect(parse(output.Payload)).toMatchObject({
      errorType: "RangeError",
      errorMessage: "out of range",
    });
  });

  it("reports a timeout as a function error", async () => {
    const slow = recordingFunction("slow", () => sleep(500), {
      timeoutSeconds: 0.05,
    });
    const lambda = await start({ functions: [slow] });

    const output = await lambda.send(
      new InvokeCommand({ FunctionName: "slow" }),
    );

    expect(output.FunctionError).toBe("Unhandled");
    expect(parse(output.Payload)).toMatchObject({
      errorType: "Sandbox.Timedout",
    });
  });

  it("rejects an unknown function as ResourceNotFoundException", async () => {
    const lambda = await start({ functions: [] });

    const invoking = lambda.send(new InvokeCommand({ FunctionName: "ghost" }));

    await expect(invoking).rejects.toBeInstanceOf(ResourceNotFoundException);
    const arn = "arn:aws:lambda:us-east-1:000000000000:function:ghost";
    await expect(invoking).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
      message: `Function not found: ${arn}`,
    });
  });

  it("accepts an Event at once and runs it in the background", async () => {
    const slow = recordingFunction("slow", () => sleep(300));
    const lambda = await start({ functions: [slow] });

    const startedAt = Date.now();
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: "slow",
        InvocationType: "Event",
        Payload: json({ n: 1 }),
      }),
    );

    expect(output.StatusCode).toBe(202);
    expect(Date.now() - startedAt).toBeLessThan(250);
    await waitFor(() => slow.calls.length === 1);
    expect(slow.calls[0]?.event).toEqual({ n: 1 });
  });

  it("retries a failed Event invocation with the same request id", async () => {
    const flaky = recordingFunction(
      "flaky",
      () => {
        throw new Error("still failing");
      },
      { maximumRetryAttempts: 2 },
    );
    const lambda = await start({ functions: [flaky], retryDelaysMs: [20, 40] });

    await lambda.send(
      new InvokeCommand({ FunctionName: "flaky", InvocationType: "Event" }),
    );

    await waitFor(() => flaky.calls.length === 3);
    await sleep(100);
    expect(flaky.calls).toHaveLength(3);
    const requestIds = new Set(flaky.calls.map((c) => c.context.awsRequestId));
    expect(requestIds.size).toBe(1);
  });

  it("stops retrying once an Event invocation succeeds", async () => {
    const flaky = recordingFunction("flaky", (_event, call) => {
      if (call === 0) throw new Error("first try fails");
      return "ok";
    });
    const lambda = await start({ functions: [flaky], retryDelaysMs: [10] });

    await lambda.send(
      new InvokeCommand({ FunctionName: "flaky", InvocationType: "Event" }),
    );

    await waitFor(() => flaky.calls.length === 2);
    await sleep(100);
    expect(flaky.calls).toHaveLength(2);
  });

  it("answers a DryRun with 204 without running the handler", async () => {
    const greet = recordingFunction("greet");
    const lambda = await start({ functions: [greet] });

    const output = await lambda.send(
      new InvokeCommand({ FunctionName: "greet", InvocationType: "DryRun" }),
    );

    expect(output.StatusCode).toBe(204);
    expect(greet.calls).toHaveLength(0);
  });

  it("rejects an Event payload over 1 MB as too large", async () => {
    const greet = recordingFunction("greet");
    const lambda = await start({ functions: [greet] });
    const payload = json({ text: "x".repeat(1024 * 1024) });

    const invoking = lambda.send(
      new InvokeCommand({
        FunctionName: "greet",
        InvocationType: "Event",
        Payload: payload,
      }),
    );

    await expect(invoking).rejects.toMatchObject({
      name: "RequestTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    const sync = await lambda.send(
      new InvokeCommand({ FunctionName: "greet", Payload: payload }),
    );
    expect(sync.StatusCode).toBe(200);
  });

  it("waits for running Event invocations when it closes", async () => {
    let finished = false;
    const slow = recordingFunction("slow", async () => {
      await sleep(200);
      finished = true;
    });
    const lambda = await start({ functions: [slow] });

    await lambda.send(
      new InvokeCommand({ FunctionName: "slow", InvocationType: "Event" }),
    );
    await waitFor(() => slow.calls.length === 1);
    await service?.close();

    expect(finished).toBe(true);
  });
});
