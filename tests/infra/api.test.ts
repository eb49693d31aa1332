import { beforeAll, describe, expect, it } from "vitest";
import {
  resource,
  resourcesOfType,
  type Synthesis,
  type SynthesizedResource,
  synthesize,
} from "./harness";

/** The handler file behind each route. */
const routeHandlers = {
  $connect: "connect",
  $disconnect: "disconnect",
  $default: "default",
  chat: "chat",
  resume: "resume",
  cancel: "cancel",
  history: "history",
};

describe("WebSocket API", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  /** The handler of the Lambda function a resource's ARN input names. */
  function handlerOf(arnInput: unknown): string {
    const fn = resourcesOfType(dev, "aws:lambda/function:Function").find((f) =>
      String(arnInput).includes(String(f.state.arn)),
    );
    return String(fn?.inputs.handler);
  }

  function route(routeKey: string): SynthesizedResource {
    const found = resourcesOfType(dev, "aws:apigatewayv2/route:Route").find(
      (r) => r.inputs.routeKey === routeKey,
    );
    if (!found) throw new Error(`No route "${routeKey}".`);
    return found;
  }

  it("selects routes by the frame's action", () => {
    expect(
      resource(dev, "aws:apigatewayv2/api:Api", "ApiApi").inputs,
    ).toMatchObject({
      protocolType: "WEBSOCKET",
      routeSelectionExpression: "$request.body.action",
    });
  });

  it("has exactly the routes the handlers serve", () => {
    const keys = resourcesOfType(dev, "aws:apigatewayv2/route:Route")
      .map((r) => r.inputs.routeKey)
      .sort();

    expect(keys).toEqual(Object.keys(routeHandlers).sort());
  });

  it.each(Object.entries(routeHandlers))(
    "sends %s to the %s handler",
    (routeKey, file) => {
      const target = String(route(routeKey).inputs.target);
      const integration = resourcesOfType(
        dev,
        "aws:apigatewayv2/integration:Integration",
      ).find((i) => target === `integrations/${i.state.id}`);

      expect(integration?.inputs.integrationType).toBe("AWS_PROXY");
      expect(handlerOf(integration?.inputs.integrationUri)).toBe(
        `packages/functions/src/${file}.handler`,
      );
    },
  );

  it("authorizes $connect with the token in the query string", () => {
    const authorizer = resource(
      dev,
      "aws:apigatewayv2/authorizer:Authorizer",
      "ApiAuthorizerTokenAuthorizer",
    );

    expect(route("$connect").inputs).toMatchObject({
      authorizationType: "CUSTOM",
      authorizerId: authorizer.state.id,
    });
    expect(authorizer.inputs).toMatchObject({
      authorizerType: "REQUEST",
      identitySources: ["route.request.querystring.token"],
    });
    expect(handlerOf(authorizer.inputs.authorizerUri)).toBe(
      "packages/functions/src/authorizer.handler",
    );
  });

  it("leaves the other routes to the connection's authorization", () => {
    for (const routeKey of Object.keys(routeHandlers)) {
      if (routeKey === "$connect") continue;
      expect(route(routeKey).inputs.authorizationType).toBe("NONE");
    }
  });

  it("lets API Gateway invoke each route and the authorizer", () => {
    const invokers = resourcesOfType(dev, "aws:lambda/permission:Permission");

    expect(invokers).toHaveLength(Object.keys(routeHandlers).length + 1);
    for (const permission of invokers) {
      expect(permission.inputs).toMatchObject({
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
      });
    }
  });
});
