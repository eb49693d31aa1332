/**
 * Answers of the Pulumi mocks: the outputs AWS would compute for a
 * resource (ids, ARNs, endpoints) and the results of data sources. The
 * values are made up but shaped like the real ones, so ARNs the app
 * derives from them (an index, the API's connections) stay readable.
 */

export const mockRegion = "us-east-1";
export const mockAccount = "123456789012";

type Inputs = Record<string, unknown>;

/**
 * The state of a new resource: its inputs plus what AWS would add.
 *
 * @param type - the Pulumi type token
 * @param name - the logical name
 * @param inputs - the resolved inputs
 */
export function mockState(type: string, name: string, inputs: Inputs): Inputs {
  const physical = physicalName(name, inputs);
  const id = `${physical}-id`;
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${mockRegion}:${mockAccount}:${resource}`;
  const functionArn = arn("lambda", `function:${physical}`);

  const extra: Record<string, Inputs> = {
    "aws:dynamodb/table:Table": {
      arn: arn("dynamodb", `table/${physical}`),
      streamArn: arn("dynamodb", `table/${physical}/stream/mock`),
    },
    "aws:kinesis/stream:Stream": { arn: arn("kinesis", `stream/${physical}`) },
    "aws:lambda/function:Function": {
      arn: functionArn,
      qualifiedArn: `${functionArn}:$LATEST`,
      invokeArn:
        `arn:aws:apigateway:${mockRegion}:lambda:path/2015-03-31/functions/` +
        `${functionArn}/invocations`,
    },
    "aws:sqs/queue:Queue": {
      arn: arn("sqs", physical),
      url: `https://sqs.${mockRegion}.amazonaws.com/${mockAccount}/${physical}`,
    },
    "aws:s3/bucket:Bucket": {
      arn: `arn:aws:s3:::${physical}`,
      bucket: physical,
    },
    "aws:iam/role:Role": {
      arn: `arn:aws:iam::${mockAccount}:role/${physical}`,
    },
    "aws:cloudwatch/logGroup:LogGroup": {
      arn: arn("logs", `log-group:${physical}`),
    },
    "aws:apigatewayv2/api:Api": {
      executionArn: arn("execute-api", id),
      apiEndpoint: `wss://${id}.execute-api.${mockRegion}.amazonaws.com`,
    },
    "aws:apigateway/account:Account": {
      cloudwatchRoleArn: `arn:aws:iam::${mockAccount}:role/api-gateway-logs`,
    },
    "aws:sns/topic:Topic": { arn: arn("sns", physical) },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
      arn: arn("firehose", `deliverystream/${physical}`),
    },
    "random:index/randomBytes:RandomBytes": {
      base64: Buffer.alloc(32).toString("base64"),
      hex: Buffer.alloc(32).toString("hex"),
    },
  };

  return { name: physical, ...inputs, id, ...(extra[type] ?? {}) };
}

/** The name AWS would know the resource by, if the app chose one. */
function physicalName(name: string, inputs: Inputs): string {
  for (const key of ["name", "bucket"]) {
    const value = inputs[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return `${name}-mock`;
}

/**
 * The result of a data source call (`aws.getRegion`, an IAM policy
 * document, ...). Unknown calls echo their inputs.
 *
 * @param token - the data source's token
 * @param inputs - its arguments
 */
export function mockCall(token: string, inputs: Inputs): Inputs {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
    case "aws:index/getRegion:getRegion":
      return { id: mockRegion, region: mockRegion, name: mockRegion };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: mockAccount,
        accountId: mockAccount,
        arn: `arn:aws:iam::${mockAccount}:user/mock`,
        userId: "mock",
      };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return policyDocumentResult(inputs);
    default:
      return inputs;
  }
}

/**
 * The data source echoes `statements` back, and SST reads them to decide
 * whether a role gets an inline policy at all. SST's own functions
 * without permissions deploy, so the provider must answer an empty list
 * with none; so do the mocks.
 */
function policyDocumentResult(inputs: Inputs): Inputs {
  const statements = (inputs.statements ?? []) as StatementInput[];

  return {
    ...(statements.length > 0 ? { statements } : {}),
    id: "policy",
    json: JSON.stringify(policyDocument(statements)),
  };
}

interface StatementInput {
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** An IAM policy document in AWS's JSON shape. */
function policyDocument(statements: StatementInput[]) {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Effect: s.effect ?? "Allow",
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.principals
        ? {
            Principal: Object.fromEntries(
              s.principals.map((p) => [p.type, p.identifiers]),
            ),
          }
        : {}),
      ...(s.conditions
        ? {
            Condition: Object.fromEntries(
              s.conditions.map((c) => [c.test, { [c.variable]: c.values }]),
            ),
          }
        : {}),
    })),
  };
}
