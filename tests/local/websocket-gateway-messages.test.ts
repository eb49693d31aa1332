import { afterEach, describe, expect, it } from "vitest";
import {
  startWebSocketGateway,
  type WebSocketGateway,
  type WebSocketGatewayOptions,
} from "../../packages/local/src/emulators";
import { recordingFunction } from "./support/recording-function";
import { sleep, waitFor } from "./support/wait-for";
import { connectClient } from "./support/websocket-client";

type Event = {
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  requestContext: Record<string, unknown>;
};

const eventOf = (call: { event: unknown } | undefined) => call?.event as Event;

describe("startWebSocketGateway messages", () => {
  let gateway: WebSocketGateway | undefined;

  async function start(
    options: Omit<WebSocketGatewayOptions, "stage">,
  ): Promise<WebSocketGateway> {
    gateway = await startWebSocketGateway({ stage: "local", ...options });
    return gateway;
  }

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it("routes a message by its action, else to $default", async () => {
    const chat = recordingFunction("chat");
    const fallback = recordingFunction("default");
    const { url } = await start({ routes: { chat, $default: fallback } });
    const client = await connectClient(url);

    client.socket.send(JSON.stringify({ action: "chat", text: "hi" }));
    client.socket.send(JSON.stringify({ action: "dance" }));
    client.socket.send("not json");

    await waitFor(() => fallback.calls.length === 2);
    expect(chat.calls.map((c) => eventOf(c).body)).toEqual([
      '{"action":"chat","text":"hi"}',
    ]);
    expect(fallback.calls.map((c) => eventOf(c).body)).toEqual([
      '{"action":"dance"}',
      "not json",
    ]);
    client.socket.close();
  });

  it("builds the message event like API Gateway", async () => {
    const chat = recordingFunction("chat");
    const connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    const { url } = await start({ routes: { chat, $connect: connect } });
    const client = await connectClient(url, {
      headers: { "User-Agent": "test-agent/1.0" },
    });

    client.socket.send('{"action":"chat"}');

    await waitFor(() => chat.calls.length === 1);
    const event = eventOf(chat.calls[0]);
    const connected = eventOf(connect.calls[0]).requestContext;
    expect(event).toMatchObject({
      body: '{"action":"chat"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: "chat",
        eventType: "MESSAGE",
        messageDirection: "IN",
        stage: "local",
        connectionId: connected.connectionId,
        connectedAt: connected.connectedAt,
        domainName: connected.domainName,
        apiId: "localwsapi",
        identity: { sourceIp: "127.0.0.1", userAgent: "test-agent/1.0" },
      },
    });
    expect(event.requestContext.messageId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(event.requestContext.requestId).not.toBe(connected.requestId);
    expect(event.headers).toBeUndefined();
    client.socket.close();
  });

  it("answers Forbidden when no route and no $default match", async () => {
    const { url } = await start({
      routes: { chat: recordingFunction("chat") },
    });
    const client = await connectClient(url);

    client.socket.send('{"action":"dance"}');

    await waitFor(() => client.messages.length === 1);
    expect(JSON.parse(client.messages[0] ?? "")).toEqual({
      message: "Forbidden",
      connectionId: expect.stringMatching(/=$/),
      requestId: expect.stringMatching(/=$/),
    });
    client.socket.close();
  });

  it("does not send a route's result to the client", async () => {
    const chat = recordingFunction("chat", () => ({
      statusCode: 200,
      body: "secret",
    }));
    const { url } = await start({ routes: { chat } });
    const client = await connectClient(url);

    client.socket.send('{"action":"chat"}');
    await waitFor(() => chat.calls.length === 1);
    await sleep(50);

    expect(client.messages).toEqual([]);
    client.socket.close();
  });

  it("sends Internal server error when a route throws", async () => {
    const chat = recordingFunction("chat", (_event, call) => {
      if (call === 0) throw new Error("boom");
    });
    const { url } = await start({ routes: { chat } });
    const client = await connectClient(url);

    client.socket.send('{"action":"chat"}');
    await waitFor(() => client.messages.length === 1);
    client.socket.send('{"action":"chat"}');
    await waitFor(() => chat.calls.length === 2);

    const requestId = eventOf(chat.calls[0]).requestContext.requestId;
    expect(JSON.parse(client.messages[0] ?? "")).toEqual({
      message: "Internal server error",
      connectionId: eventOf(chat.calls[0]).requestContext.connectionId,
      requestId,
    });
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.close();
  });

  it("sends a timeout message past the integration timeout", async () => {
    const chat = recordingFunction("chat", () => sleep(300));
    const { url } = await start({ routes: { chat }, integrationTimeoutMs: 50 });
    const client = await connectClient(url);

    client.socket.send('{"action":"chat"}');

    await waitFor(() => client.messages.length === 1);
    expect(JSON.parse(client.messages[0] ?? "").message).toBe(
      "Endpoint request timed out",
    );
    client.socket.close();
  });

  it("runs the routes of one connection concurrently", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const chat = recordingFunction("chat", async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(100);
      running -= 1;
    });
    const { url } = await start({ routes: { chat } });
    const client = await connectClient(url);

    for (let i = 0; i < 3; i++) client.socket.send('{"action":"chat"}');

    await waitFor(() => chat.calls.length === 3 && running === 0);
    expect(mostAtOnce).toBe(3);
    client.socket.close();
  });

  it("runs $disconnect when the client closes", async () => {
    const disconnect = recordingFunction("disconnect");
    const connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    const { url } = await start({
      routes: { $connect: connect, $disconnect: disconnect },
    });
    const client = await connectClient(url);

    client.socket.close(4000, "bye");

    await waitFor(() => disconnect.calls.length === 1);
    const event = eventOf(disconnect.calls[0]);
    const connected = eventOf(connect.calls[0]).requestContext;
    expect(event).toMatchObject({
      isBase64Encoded: false,
      headers: { Host: connected.domainName, "x-api-key": "" },
      requestContext: {
        routeKey: "$disconnect",
        eventType: "DISCONNECT",
        connectionId: connected.connectionId,
        disconnectStatusCode: 4000,
        disconnectReason: "bye",
      },
    });
  });

  it("reports a close without status as AWS words it", async () => {
    const disconnect = recordingFunction("disconnect");
    const { url } = await start({ routes: { $disconnect: disconnect } });
    const client = await connectClient(url);

    client.socket.close();

    await waitFor(() => disconnect.calls.length === 1);
    expect(eventOf(disconnect.calls[0]).requestContext).toMatchObject({
      disconnectStatusCode: 1005,
      disconnectReason: "Client-side close frame status not set",
    });
  });

  it("closes with 1003 on a binary frame", async () => {
    const disconnect = recordingFunction("disconnect");
    const { url } = await start({ routes: { $disconnect: disconnect } });
    const client = await connectClient(url);

    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });

    expect((await client.closed).code).toBe(1003);
    await waitFor(() => disconnect.calls.length === 1);
  });

  it("closes with 1009 on a frame over 32 KB", async () => {
    const fallback = recordingFunction("default");
    const { url } = await start({ routes: { $default: fallback } });
    const client = await connectClient(url);

    client.socket.send("x".repeat(32 * 1024 + 1));

    expect((await client.closed).code).toBe(1009);
    expect(fallback.calls).toHaveLength(0);
  });

  it("accepts a 100 KB message sent in frames of 25 KB", async () => {
    const fallback = recordingFunction("default");
    const { url } = await start({ routes: { $default: fallback } });
    const client = await connectClient(url);
    const part = "y".repeat(25 * 1024);

    for (let i = 0; i < 4; i++) client.socket.send(part, { fin: i === 3 });

    await waitFor(() => fallback.calls.length === 1);
    expect(eventOf(fallback.calls[0]).body).toHaveLength(100 * 1024);
    client.socket.close();
  });

  it("closes with 1009 on a message over 128 KB in small frames", async () => {
    const fallback = recordingFunction("default");
    const { url } = await start({ routes: { $default: fallback } });
    const client = await connectClient(url);
    const part = "z".repeat(30 * 1024);

    for (let i = 0; i < 5; i++) client.socket.send(part, { fin: i === 4 });

    expect((await client.closed).code).toBe(1009);
    expect(fallback.calls).toHaveLength(0);
  });

  it("closes an idle connection and runs $disconnect", async () => {
    const disconnect = recordingFunction("disconnect");
    const { url } = await start({
      routes: { $disconnect: disconnect, $default: recordingFunction("d") },
      limits: { idleTimeoutMs: 150 },
    });
    const client = await connectClient(url);

    await sleep(100);
    client.socket.send("still here");
    await sleep(100);
    expect(client.socket.readyState).toBe(client.socket.OPEN);

    expect((await client.closed).code).toBe(1001);
    await waitFor(() => disconnect.calls.length === 1);
    expect(eventOf(disconnect.calls[0]).requestContext).toMatchObject({
      disconnectStatusCode: 1001,
    });
  });

  it("closes a connection at its maximum duration", async () => {
    const { url } = await start({
      routes: { $default: recordingFunction("d") },
      limits: { maxConnectionMs: 100 },
    });
    const client = await connectClient(url);

    const startedAt = Date.now();
    for (let i = 0; i < 4; i++) {
      await sleep(40);
      if (client.socket.readyState === client.socket.OPEN) {
        client.socket.send("busy");
      }
    }

    expect((await client.closed).code).toBe(1001);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it("closes every connection, with $disconnect, when it closes", async () => {
    const disconnect = recordingFunction("disconnect");
    const started = await start({ routes: { $disconnect: disconnect } });
    const first = await connectClient(started.url);
    const second = await connectClient(started.url);

    await started.close();
    gateway = undefined;

    expect(disconnect.calls).toHaveLength(2);
    expect((await first.closed).code).toBe(1001);
    expect((await second.closed).code).toBe(1001);
  });
});
