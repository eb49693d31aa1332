import { randomBytes } from "node:crypto";
import type { ClientContext, Context } from "aws-lambda";

/** What a Lambda context is made of. */
export interface LambdaContextOptions {
  functionName: string;
  timeoutSeconds: number;
  awsRequestId: string;
  region: string;
  memoryLimitInMB: number;
  clientContext?: ClientContext;
  /** The clock, in epoch milliseconds; injected by tests. */
  now?: () => number;
}

/** The account id every local ARN carries, as LocalStack and SAM use. */
export const localAccountId = "000000000000";

/** The ARN of a function in the local account. */
export function functionArn(functionName: string, region: string): string {
  return `arn:aws:lambda:${region}:${localAccountId}:function:${functionName}`;
}

/**
 * A context as the Node.js Lambda runtime passes it to a handler. The
 * remaining time counts down from the function's timeout; `done`, `fail`
 * and `succeed` are the legacy callbacks, which async handlers never use,
 * so they do nothing here.
 */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutSeconds * 1_000;

  return {
    awsRequestId: options.awsRequestId,
    functionName: options.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn(options.functionName, options.region),
    memoryLimitInMB: String(options.memoryLimitInMB),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: logStreamName(new Date(now())),
    callbackWaitsForEmptyEventLoop: true,
    ...(options.clientContext && { clientContext: options.clientContext }),
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** `2024/05/01/[$LATEST]<32 hex>`: one stream per sandbox in AWS. */
function logStreamName(date: Date): string {
  const day = date.toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
}
