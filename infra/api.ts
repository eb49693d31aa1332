import type { StageConfig } from "../packages/core/src/stage-config";
import type { Settings } from "./config";
import { type HandlerFile, handlerPath } from "./handlers";
import { invokeFunction, manageConnections, tableAccess } from "./permissions";
import type { Tables } from "./storage";

/**
 * Creates the WebSocket API. Its routes come later, from {@link addRoutes},
 * because the generation function they invoke needs the API first.
 *
 * @param config - the settings of the stage being deployed
 */
export function createApi(config: StageConfig): sst.aws.ApiGatewayWebSocket {
  return new sst.aws.ApiGatewayWebSocket("Api", {
    accessLog: { retention: config.logRetention },
  });
}

/** What the route handlers use. */
export interface RouteDependencies {
  tables: Tables;
  settings: Settings;
  generate: sst.aws.Function;
}

/**
 * Adds the routes, each with a function that may do only what its handler
 * does (see `permissions.ts` for how a handler's calls map to grants).
 * Route actions arrive as `{"action": "<route>", ...}` frames.
 *
 * @param api - the API from {@link createApi}
 * @param deps - the resources the handlers use
 */
export function addRoutes(
  api: sst.aws.ApiGatewayWebSocket,
  deps: RouteDependencies,
): void {
  const { connections, conversations, chunks } = deps.tables;
  const { chatSettings } = deps.settings;
  const authorizer = addTokenAuthorizer(api, deps.settings);

  api.route(
    "$connect",
    routeFunction("connect", {
      link: [connections],
      permissions: [tableAccess(connections, ["PutItem"])],
    }),
    { auth: { lambda: authorizer.id } },
  );

  // An error frame to a closed connection would fail anyway: no API link.
  api.route(
    "$disconnect",
    routeFunction("disconnect", {
      link: [connections],
      permissions: [tableAccess(connections, ["DeleteItem"])],
    }),
  );

  api.route(
    "$default",
    routeFunction("default", {
      link: [api],
      permissions: [manageConnections(api)],
    }),
  );

  api.route(
    "chat",
    routeFunction("chat", {
      link: [api, connections, conversations, deps.generate, chatSettings],
      permissions: [
        tableAccess(connections, ["GetItem", "UpdateItem"]),
        tableAccess(conversations, ["GetItem", "PutItem", "UpdateItem"]),
        invokeFunction(deps.generate),
        manageConnections(api),
      ],
    }),
    { name: "Chat" },
  );

  api.route(
    "resume",
    routeFunction("resume", {
      link: [api, connections, conversations, chunks, chatSettings],
      permissions: [
        tableAccess(connections, ["GetItem", "UpdateItem"]),
        tableAccess(conversations, ["GetItem"]),
        tableAccess(chunks, ["Query"]),
        manageConnections(api),
      ],
    }),
    { name: "Resume" },
  );

  api.route(
    "cancel",
    routeFunction("cancel", {
      link: [api, connections, conversations, chatSettings],
      permissions: [
        tableAccess(connections, ["GetItem"]),
        tableAccess(conversations, ["GetItem", "UpdateItem"]),
        manageConnections(api),
      ],
    }),
    { name: "Cancel" },
  );

  api.route(
    "history",
    routeFunction("history", {
      link: [api, connections, conversations, chatSettings],
      permissions: [
        tableAccess(connections, ["GetItem"]),
        tableAccess(conversations, ["GetItem", "Query"]),
        manageConnections(api),
      ],
    }),
    { name: "History" },
  );
}

/**
 * A REQUEST authorizer on `$connect`. Browsers cannot set headers on a
 * WebSocket handshake, so the token travels in the query string; API
 * Gateway rejects a handshake without one before invoking anything.
 */
function addTokenAuthorizer(
  api: sst.aws.ApiGatewayWebSocket,
  settings: Settings,
) {
  return api.addAuthorizer("Token", {
    lambda: {
      function: routeFunction("authorizer", {
        link: [settings.tokenSecret],
        permissions: [],
      }),
      identitySources: ["route.request.querystring.token"],
    },
  });
}

/**
 * The function of one route. Routes answer within API Gateway's 29 s
 * integration limit and do little work: a short timeout ends a stuck one
 * early, and 256 MB is plenty for a few SDK calls.
 */
function routeFunction(
  file: HandlerFile,
  access: Pick<sst.aws.FunctionArgs, "link" | "permissions">,
): sst.aws.FunctionArgs {
  return {
    handler: handlerPath(file),
    timeout: "10 seconds",
    memory: "256 MB",
    ...access,
  };
}
