/**
 * The IAM statements functions are granted, one helper per kind of access.
 * Links carry no permissions in this app (see `links.ts`), so these are
 * the whole of what a function may do besides writing its logs.
 *
 * A function is granted what its handler's code calls, through the stores
 * of `packages/core`:
 * - connections: `put` PutItem, `get` GetItem, `delete` DeleteItem,
 *   `listByUser` Query on the `byUser` index, `claim`, `release` and
 *   `raise` UpdateItem (`raise` also GetItem);
 * - conversations: `getConversation` and `getMessage` GetItem,
 *   `createConversation` and `putMessage` PutItem, `listMessages` Query
 *   on the table, `finishMessage` and `requestCancel` UpdateItem;
 * - chunks: `append` PutItem, `read` Query;
 * - frames: PostToConnection and DeleteConnection, both ManageConnections.
 * The conversation and chunk stores read `retentionDays` from
 * `ChatSettings` when built, so whoever uses them links `ChatSettings`.
 */

type Permission = sst.aws.FunctionPermissionArgs;

/** DynamoDB actions the handlers use; anything else is not grantable. */
export type DynamoAction =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query";

/** Grants item actions on a table, not on its indexes. */
export function tableAccess(
  table: sst.aws.Dynamo,
  actions: readonly DynamoAction[],
): Permission {
  return {
    actions: actions.map((action) => `dynamodb:${action}`),
    resources: [table.arn],
  };
}

/** Grants `Query` on one global index of a table. */
export function indexQuery(table: sst.aws.Dynamo, index: string): Permission {
  return {
    actions: ["dynamodb:Query"],
    resources: [$interpolate`${table.arn}/index/${index}`],
  };
}

/**
 * Grants posting frames to the connections of one API. The resource is
 * `<api>/<stage>/<method>/@connections/<id>`; any connection must be
 * reachable, so only the API itself is fixed.
 */
export function manageConnections(
  api: sst.aws.ApiGatewayWebSocket,
): Permission {
  return {
    actions: ["execute-api:ManageConnections"],
    resources: [$interpolate`${api.nodes.api.executionArn}/*/*/@connections/*`],
  };
}

/** Grants invoking one function. */
export function invokeFunction(fn: sst.aws.Function): Permission {
  return {
    actions: ["lambda:InvokeFunction"],
    resources: [fn.arn],
  };
}

/** Grants putting single records on one Kinesis stream. */
export function putRecord(stream: sst.aws.KinesisStream): Permission {
  return {
    actions: ["kinesis:PutRecord"],
    resources: [stream.arn],
  };
}

/** Grants sending messages to one SQS queue. */
export function sendMessage(queue: sst.aws.Queue): Permission {
  return {
    actions: ["sqs:SendMessage"],
    resources: [queue.arn],
  };
}
