import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../packages/core/src/stage-config";
import { buildOf, resource, type Synthesis, synthesize } from "./harness";
import { managedPolicies, roleGrants, trustedPrincipals } from "./iam";

const manageConnections =
  "execute-api:ManageConnections ApiApi/*/*/@connections/*";

const model = stageConfig("dev").model;
const modelId = model.provider === "bedrock" ? model.id : "";
const bedrock = [
  `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${modelId}`,
  `arn:aws:bedrock:*::foundation-model/${modelId.replace(/^us\./, "")}`,
].map((arn) => `bedrock:InvokeModelWithResponseStream ${arn}`);

/** What SST grants a Kinesis subscriber so its mapping can read. */
const streamRead = [
  "DescribeStream",
  "DescribeStreamSummary",
  "GetRecords",
  "GetShardIterator",
  "ListShards",
  "ListStreams",
  "SubscribeToShard",
].map((action) => `kinesis:${action} ChatStreamStream`);

/**
 * Everything each function may do, by handler file: what its code calls
 * (see infra/permissions.ts). Written out in full on purpose: a widened
 * grant (`dynamodb:*`, a `*` resource, another table) or a missing one
 * fails here.
 */
const expectedGrants: Record<string, string[]> = {
  authorizer: [],
  connect: ["dynamodb:PutItem ConnectionsTable"],
  disconnect: ["dynamodb:DeleteItem ConnectionsTable"],
  default: [manageConnections],
  chat: [
    "dynamodb:GetItem ConnectionsTable",
    "dynamodb:UpdateItem ConnectionsTable",
    "dynamodb:GetItem ConversationsTable",
    "dynamodb:PutItem ConversationsTable",
    "dynamodb:UpdateItem ConversationsTable",
    "lambda:InvokeFunction GenerateFunction",
    manageConnections,
  ],
  resume: [
    "dynamodb:GetItem ConnectionsTable",
    "dynamodb:UpdateItem ConnectionsTable",
    "dynamodb:GetItem ConversationsTable",
    "dynamodb:Query ChunksTable",
    manageConnections,
  ],
  cancel: [
    "dynamodb:GetItem ConnectionsTable",
    "dynamodb:GetItem ConversationsTable",
    "dynamodb:UpdateItem ConversationsTable",
    manageConnections,
  ],
  history: [
    "dynamodb:GetItem ConnectionsTable",
    "dynamodb:GetItem ConversationsTable",
    "dynamodb:Query ConversationsTable",
    manageConnections,
  ],
  generate: [
    "kinesis:PutRecord ChatStreamStream",
    "dynamodb:GetItem ConversationsTable",
    "dynamodb:Query ConversationsTable",
    "dynamodb:UpdateItem ConversationsTable",
    "dynamodb:PutItem ChunksTable",
    manageConnections,
    ...bedrock,
  ],
  deliver: [
    ...streamRead,
    "dynamodb:Query ConnectionsTable/index/byUser",
    "dynamodb:UpdateItem ConnectionsTable",
    "dynamodb:DeleteItem ConnectionsTable",
    "dynamodb:Query ChunksTable",
    manageConnections,
    "sqs:SendMessage DeliveryFailuresQueue",
  ],
};

const handlerFiles = Object.keys(expectedGrants);

describe("function permissions", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  it("covers every function the app builds", () => {
    const handlers = dev.builds.map((b) => b.handler).sort();
    const expected = handlerFiles
      .map((file) => `packages/functions/src/${file}.handler`)
      .sort();

    expect(handlers).toEqual(expected);
  });

  it.each(handlerFiles)("grants %s exactly what it uses", (file) => {
    const role = `${buildOf(dev, file).functionID}Role`;

    expect(roleGrants(dev, role)).toEqual(
      [...(expectedGrants[file] ?? [])].sort(),
    );
  });

  it.each(handlerFiles)("grants %s no wildcard action or resource", (file) => {
    const role = `${buildOf(dev, file).functionID}Role`;

    for (const grant of roleGrants(dev, role)) {
      const [action, arn] = grant.split(" ");
      expect(action).not.toContain("*");
      expect(arn).not.toBe("*");
    }
  });

  it.each(handlerFiles)("lets %s write logs and nothing else", (file) => {
    const role = `${buildOf(dev, file).functionID}Role`;

    expect(managedPolicies(dev, role)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ]);
  });

  it.each(handlerFiles)("lets only Lambda assume the role of %s", (file) => {
    const role = resource(
      dev,
      "aws:iam/role:Role",
      `${buildOf(dev, file).functionID}Role`,
    );

    expect(trustedPrincipals(role)).toEqual(["Service lambda.amazonaws.com"]);
  });
});
