import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  startWebSocketGateway,
  type WebSocketGateway,
} from "../../packages/local/src/emulators";
import {
  type RecordingFunction,
  recordingFunction,
} from "./support/recording-function";
import { waitFor } from "./support/wait-for";
import { connectClient, type TestClient } from "./support/websocket-client";

describe("startWebSocketGateway management API", () => {
  let gateway: WebSocketGateway;
  let management: ApiGatewayManagementApiClient;
  let connect: RecordingFunction;
  let disconnect: RecordingFunction;

  beforeEach(async () => {
    connect = recordingFunction("connect", () => ({ statusCode: 200 }));
    disconnect = recordingFunction("disconnect");
    gateway = await startWebSocketGateway({
      stage: "local",
      region: "us-east-1",
      routes: { $connect: connect, $disconnect: disconnect },
    });
    management = new ApiGatewayManagementApiClient({
      endpoint: gateway.managementEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    management.destroy();
    await gateway.close();
  });

  async function connected(): Promise<{ client: TestClient; id: string }> {
    const client = await connectClient(gateway.url, {
      headers: { "User-Agent": "test-agent/1.0" },
    });
    const event = connect.calls.at(-1)?.event as {
      requestContext: { connectionId: string };
    };
    return { client, id: event.requestContext.connectionId };
  }

  it("sends posted data to the connection as one text message", async () => {
    const { client, id } = await connected();

    await management.send(
      new PostToConnectionCommand({ ConnectionId: id, Data: '{"n":1}' }),
    );

    await waitFor(() => client.messages.length === 1);
    expect(client.messages).toEqual(['{"n":1}']);
    client.socket.close();
  });

  it("splits a message over 32 KB into frames the client joins", async () => {
    const { client, id } = await connected();
    const text = "é".repeat(60 * 1024);

    await management.send(
      new PostToConnectionCommand({ ConnectionId: id, Data: text }),
    );

    await waitFor(() => client.messages.length === 1);
    expect(client.messages[0]).toBe(text);
    client.socket.close();
  });

  it("rejects data over 128 KB with PayloadTooLargeException", async () => {
    const { client, id } = await connected();

    const posting = management.send(
      new PostToConnectionCommand({
        ConnectionId: id,
        Data: "x".repeat(128 * 1024 + 1),
      }),
    );

    await expect(posting).rejects.toBeInstanceOf(PayloadTooLargeException);
    expect(client.messages).toEqual([]);
    client.socket.close();
  });

  it("answers GoneException for an unknown connection", async () => {
    const posting = management.send(
      new PostToConnectionCommand({
        ConnectionId: "AAAAAAAAAAAAAAA=",
        Data: "x",
      }),
    );

    await expect(posting).rejects.toBeInstanceOf(GoneException);
    await expect(posting).rejects.toMatchObject({
      name: "GoneException",
      $metadata: { httpStatusCode: 410 },
    });
  });

  it("answers GoneException once the client has closed", async () => {
    const { client, id } = await connected();
    client.socket.close();
    await client.closed;
    await waitFor(() => disconnect.calls.length === 1);

    const getting = management.send(
      new GetConnectionCommand({ ConnectionId: id }),
    );

    await expect(getting).rejects.toBeInstanceOf(GoneException);
  });

  it("describes a connection", async () => {
    const before = new Date();
    const { client, id } = await connected();

    const connection = await management.send(
      new GetConnectionCommand({ ConnectionId: id }),
    );

    expect(connection.Identity).toEqual({
      SourceIp: "127.0.0.1",
      UserAgent: "test-agent/1.0",
    });
    expect(connection.ConnectedAt).toBeInstanceOf(Date);
    expect(connection.ConnectedAt?.getTime()).toBeGreaterThanOrEqual(
      before.getTime() - 1,
    );
    expect(connection.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(
      connection.ConnectedAt?.getTime() ?? 0,
    );
    client.socket.close();
  });

  it("closes a deleted connection and runs $disconnect", async () => {
    const { client, id } = await connected();

    await management.send(new DeleteConnectionCommand({ ConnectionId: id }));

    expect(await client.closed).toEqual({
      code: 1000,
      reason: "Connection Closed Normally",
    });
    await waitFor(() => disconnect.calls.length === 1);
    const event = disconnect.calls[0]?.event as {
      requestContext: Record<string, unknown>;
    };
    expect(event.requestContext).toMatchObject({
      connectionId: id,
      disconnectStatusCode: 1000,
      disconnectReason: "Connection Closed Normally",
    });
    const posting = management.send(
      new PostToConnectionCommand({ ConnectionId: id, Data: "x" }),
    );
    await expect(posting).rejects.toBeInstanceOf(GoneException);
  });

  it("accepts the path without a stage and a URL-encoded @", async () => {
    const { client, id } = await connected();
    const origin = new URL(gateway.managementEndpoint).origin;

    const response = await fetch(
      `${origin}/%40connections/${encodeURIComponent(id)}`,
      { method: "POST", body: "plain" },
    );

    expect(response.status).toBe(200);
    await waitFor(() => client.messages.length === 1);
    expect(client.messages).toEqual(["plain"]);
    client.socket.close();
  });
});
