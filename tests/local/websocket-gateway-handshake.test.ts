import { afterEach, describe, expect, it } from "vitest";
import {
  startWebSocketGateway,
  type WebSocketGateway,
  type WebSocketGatewayOptions,
} from "../../packages/local/src/emulators";
import {
  type RecordingFunction,
  recordingFunction,
} from "./support/recording-function";
import { waitFor } from "./support/wait-for";
import { connectClient, refusal } from "./support/websocket-client";

/** An authorizer that allows the token `good`, as a real one would. */
function tokenAuthorizer(): RecordingFunction {
  return recordingFunction("authorizer", (event) => {
    const { queryStringParameters, methodArn } = event as {
      queryStringParameters: Record<string, string>;
      methodArn: string;
    };
    const token = queryStringParameters.token;
    if (token === "boom") throw new Error("database down");
    if (token !== "good" && token !== "deny") throw new Error("Unauthorized");
    return {
      principalId: "user-1",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Action: "execute-api:Invoke",
            Effect: token === "good" ? "Allow" : "Deny",
            Resource: methodArn,
          },
        ],
      },
      context: { userId: "user-1", plan: 3, beta: true, empty: null },
    };
  });
}

describe("startWebSocketGateway handshakes", () => {
  let gateway: WebSocketGateway | undefined;

  async function start(
    options: Omit<WebSocketGatewayOptions, "stage" | "region">,
  ): Promise<WebSocketGateway> {
    gateway = await startWebSocketGateway({
      stage: "local",
      region: "us-east-1",
      ...options,
    });
    return gateway;
  }

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it("serves the stage path and the root path", async () => {
    const { url } = await start({ routes: {} });

    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
    const atStage = await connectClient(url);
    const atRoot = await connectClient(url.replace(/\/local$/, "/"));
    atStage.socket.close();
    atRoot.socket.close();
  });

  it("refuses another stage with 403", async () => {
    const { url } = await start({ routes: {} });

    const refused = await refusal(url.replace(/\/local$/, "/prod"));

    expect(refused.statusCode).toBe(403);
  });

  it("refuses a missing token without calling the authorizer", async () => {
    const authorizer = tokenAuthorizer();
    const { url } = await start({
      routes: {},
      authorizer: {
        function: authorizer,
        identitySource: ["route.request.querystring.token"],
      },
    });

    const refused = await refusal(url);

    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ message: "Unauthorized" });
    expect(authorizer.calls).toHaveLength(0);
  });

  it.each([
    ["an Unauthorized error", "bad", 401],
    ["a Deny policy", "deny", 403],
    ["any other error", "boom", 500],
  ])("refuses when the authorizer answers %s", async (_case, token, status) => {
    const connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    const { url } = await start({
      routes: { $connect: connect },
      authorizer: {
        function: tokenAuthorizer(),
        identitySource: ["route.request.querystring.token"],
      },
    });

    const refused = await refusal(`${url}?token=${token}`);

    expect(refused.statusCode).toBe(status);
    expect(connect.calls).toHaveLength(0);
  });

  it("passes the handshake to the authorizer as a REQUEST event", async () => {
    const authorizer = tokenAuthorizer();
    const { url } = await start({
      routes: {},
      authorizer: {
        function: authorizer,
        identitySource: ["route.request.querystring.token"],
      },
      apiId: "abcdef1234",
    });

    const client = await connectClient(`${url}?token=good&tag=a&tag=b`, {
      headers: { "User-Agent": "test-agent/1.0", "X-Custom": "yes" },
    });
    client.socket.close();

    const event = authorizer.calls[0]?.event as Record<string, unknown>;
    expect(event).toMatchObject({
      type: "REQUEST",
      methodArn:
        "arn:aws:execute-api:us-east-1:000000000000:abcdef1234/local/$connect",
      queryStringParameters: { token: "good", tag: "b" },
      multiValueQueryStringParameters: { token: ["good"], tag: ["a", "b"] },
      stageVariables: {},
      headers: {
        "User-Agent": "test-agent/1.0",
        "X-Custom": "yes",
        Upgrade: "websocket",
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Proto": "http",
      },
      multiValueHeaders: { "X-Custom": ["yes"] },
      requestContext: {
        routeKey: "$connect",
        eventType: "CONNECT",
        messageDirection: "IN",
        stage: "local",
        apiId: "abcdef1234",
        identity: { sourceIp: "127.0.0.1", userAgent: "test-agent/1.0" },
      },
    });
  });

  it("passes the authorizer's context to $connect as strings", async () => {
    const connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    const { url } = await start({
      routes: { $connect: connect },
      authorizer: {
        function: tokenAuthorizer(),
        identitySource: ["route.request.querystring.token"],
      },
    });

    const client = await connectClient(`${url}?token=good`);
    client.socket.close();

    const event = connect.calls[0]?.event as {
      requestContext: Record<string, unknown>;
    };
    expect(event.requestContext.authorizer).toEqual({
      principalId: "user-1",
      userId: "user-1",
      plan: "3",
      beta: "true",
      empty: null,
    });
  });

  it("carries the authorizer's context on every later event", async () => {
    const chat = recordingFunction("chat");
    const disconnect = recordingFunction("disconnect");
    const { url } = await start({
      routes: { chat, $disconnect: disconnect },
      authorizer: {
        function: tokenAuthorizer(),
        identitySource: ["route.request.querystring.token"],
      },
    });
    const client = await connectClient(`${url}?token=good`);

    client.socket.send('{"action":"chat"}');
    await waitFor(() => chat.calls.length === 1);
    client.socket.close();
    await waitFor(() => disconnect.calls.length === 1);

    for (const call of [chat.calls[0], disconnect.calls[0]]) {
      const event = call?.event as { requestContext: Record<string, unknown> };
      expect(event.requestContext.authorizer).toMatchObject({
        principalId: "user-1",
        userId: "user-1",
      });
    }
  });

  it("builds the $connect event like API Gateway", async () => {
    const connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    const { url } = await start({ routes: { $connect: connect } });
    const before = Date.now();

    const client = await connectClient(`${url}?room=lobby`);
    client.socket.close();

    const event = connect.calls[0]?.event as Record<string, unknown> & {
      requestContext: Record<string, unknown>;
      headers: Record<string, string>;
    };
    const host = new URL(url).host;
    expect(event).toMatchObject({
      queryStringParameters: { room: "lobby" },
      multiValueQueryStringParameters: { room: ["lobby"] },
      isBase64Encoded: false,
      requestContext: {
        routeKey: "$connect",
        eventType: "CONNECT",
        messageDirection: "IN",
        stage: "local",
        domainName: host,
        apiId: "localwsapi",
        identity: { sourceIp: "127.0.0.1" },
      },
    });
    expect(event.headers.Host).toBe(host);
    expect(event.headers.Upgrade).toBeUndefined();
    expect(event.headers["X-Amzn-Trace-Id"]).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/,
    );

    const context = event.requestContext;
    expect(context.connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(context.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(context.extendedRequestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(context.requestTime).toMatch(
      /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(context.connectedAt).toBeGreaterThanOrEqual(before);
    expect(context.requestTimeEpoch).toBeGreaterThanOrEqual(
      context.connectedAt as number,
    );
    expect(context.messageId).toBeUndefined();
    expect(context.authorizer).toBeUndefined();
  });

  it("refuses the handshake with the status $connect returns", async () => {
    const connect = recordingFunction("connect", () => ({
      statusCode: 429,
      body: '{"message":"slow down"}',
    }));
    const { url } = await start({ routes: { $connect: connect } });

    const refused = await refusal(url);

    expect(refused.statusCode).toBe(429);
    expect(refused.body).toBe('{"message":"slow down"}');
  });

  it("refuses with 502 when $connect throws", async () => {
    const connect = recordingFunction("connect", () => {
      throw new Error("table missing");
    });
    const { url } = await start({ routes: { $connect: connect } });

    const refused = await refusal(url);

    expect(refused.statusCode).toBe(502);
  });

  it("accepts a $connect result without a status code", async () => {
    const { url } = await start({
      routes: { $connect: recordingFunction("connect", () => undefined) },
    });

    const client = await connectClient(url);

    client.socket.close();
  });

  it("opens the socket only after $connect returns", async () => {
    let release = () => {};
    const connect = recordingFunction(
      "connect",
      () =>
        new Promise((resolve) => {
          release = () => resolve({ statusCode: 200 });
        }),
    );
    const { url } = await start({ routes: { $connect: connect } });

    let opened = false;
    const connecting = connectClient(url).then((client) => {
      opened = true;
      return client;
    });
    await waitFor(() => connect.calls.length === 1);
    expect(opened).toBe(false);

    release();
    const client = await connecting;
    client.socket.close();
  });

  it("selects the subprotocol $connect names", async () => {
    const connect = recordingFunction("connect", () => ({
      statusCode: 200,
      headers: { "Sec-WebSocket-Protocol": "chat.v1" },
    }));
    const { url } = await start({ routes: { $connect: connect } });

    const client = await connectClient(url, {
      protocols: ["chat.v1", "chat.v0"],
    });

    expect(client.socket.protocol).toBe("chat.v1");
    client.socket.close();
  });
});
