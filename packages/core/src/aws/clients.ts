import { Agent as HttpAgent } from "node:http";
import { Agent } from "node:https";
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * One keep-alive HTTP/1.1 handler for every client. Kinesis' default
 * HTTP/2 handler opens a new TLS session per PutRecord in Node, and local
 * stand-ins speak HTTP/1.1 only; keep-alive saves a handshake per call.
 * Endpoints come from the SDK's usual sources (`AWS_ENDPOINT_URL_<SERVICE>`
 * in the environment), so nothing here knows where it runs.
 */
function requestHandler(): NodeHttpHandler {
  return new NodeHttpHandler({
    httpsAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
  });
}

let kinesis: KinesisClient | undefined;
let dynamo: DynamoDBDocumentClient | undefined;
let lambda: LambdaClient | undefined;
const management = new Map<string, ApiGatewayManagementApiClient>();

/** The process-wide Kinesis client. */
export function kinesisClient(): KinesisClient {
  kinesis ??= new KinesisClient({ requestHandler: requestHandler() });
  return kinesis;
}

/** The process-wide DynamoDB document client. */
export function dynamoClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ requestHandler: requestHandler() }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return dynamo;
}

/** The process-wide Lambda client. */
export function lambdaClient(): LambdaClient {
  lambda ??= new LambdaClient({ requestHandler: requestHandler() });
  return lambda;
}

/** A management API client for one WebSocket API endpoint. */
export function managementClient(
  endpoint: string,
): ApiGatewayManagementApiClient {
  let client = management.get(endpoint);
  if (!client) {
    client = new ApiGatewayManagementApiClient({
      endpoint,
      requestHandler: requestHandler(),
    });
    management.set(endpoint, client);
  }
  return client;
}
