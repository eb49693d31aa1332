import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import {
  chunksTable,
  connectionsTable,
  conversationsTable,
  modelLabel,
  runtimeSettings,
  type StageConfig,
} from "@chat-stream/core";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type Archiver, startArchiver } from "../archive";
import {
  type Logger,
  silentLogger,
  startDynamo,
  startKinesis,
  startKinesisEventSource,
  startLambdaService,
  startWebSocketGateway,
} from "../emulators";
import { createStream, createTable } from "./create-resources";
import { type FaultSettings, withDeliveryFaults } from "./inject-faults";
import { localFunctions } from "./local-functions";
import { loadTokenSecret } from "./token-secret";

/** Ports of the stand-ins; 0 picks a free one. */
export interface LocalPorts {
  gateway: number;
  kinesis: number;
  dynamodb: number;
  lambda: number;
}

export interface LocalStackOptions {
  /** The stage's settings, usually `stageConfig("local")`. */
  config: StageConfig;
  /** Where state lives: the token secret, the archive, failures. */
  directory: string;
  ports?: Partial<LocalPorts>;
  /** Shards of the local stream; AWS starts on-demand streams at 4. */
  shardCount?: number;
  /** How often the event source mapping polls a shard. */
  pollIntervalMs?: number;
  /** Faults to inject; none by default. */
  faults?: FaultSettings;
  logger?: Logger;
}

/** What `.local/outputs.json` holds: how to reach the local stack. */
export interface LocalStackOutputs {
  websocketUrl: string;
  managementEndpoint: string;
  region: string;
  kinesisEndpoint: string;
  dynamodbEndpoint: string;
  lambdaEndpoint: string;
  streamName: string;
  streamArn: string;
  connectionsTable: string;
  conversationsTable: string;
  chunksTable: string;
  generateFunction: string;
  archiveDirectory: string;
  deliveryFailuresFile: string;
  model: string;
}

export interface LocalStack {
  outputs: LocalStackOutputs;
  /** Writes what the archive has buffered now, as a full buffer would. */
  flushArchive(): Promise<void>;
  /** Stops every stand-in, flushing the archive first. */
  close(): Promise<void>;
}

const app = "chat-stream";
const stage = "local";

/**
 * Starts the whole pipeline on this machine: Kinesis, DynamoDB, the
 * Lambda invoke API, the WebSocket gateway, the event source mapping
 * feeding the delivery function, and the Firehose stand-in writing the
 * archive. The handlers are the deployed modules; they find resources
 * through `Resource` and the SDK's endpoint variables, which this sets in
 * the process environment, so one process runs one local stack.
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  const { config, directory } = options;
  const logger = options.logger ?? silentLogger;
  const ports = {
    gateway: 0,
    kinesis: 0,
    dynamodb: 0,
    lambda: 0,
    ...options.ports,
  };
  const region = process.env.AWS_REGION ?? "us-east-1";
  const prefix = `${app}-${stage}`;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      await closer().catch((error: unknown) =>
        logger.warn("stand-in did not stop cleanly", { error: String(error) }),
      );
    }
  };

  try {
    const kinesis = await startKinesis({ port: ports.kinesis });
    closers.push(kinesis.close);
    const dynamo = await startDynamo({ port: ports.dynamodb });
    closers.push(dynamo.close);
    useLocalAws(region, {
      KINESIS: kinesis.endpoint,
      DYNAMODB: dynamo.endpoint,
    });

    const names = resourceNames(prefix);
    const kinesisClient = new KinesisClient({
      endpoint: kinesis.endpoint,
      requestHandler: new NodeHttpHandler(),
    });
    closers.push(async () => kinesisClient.destroy());
    const streamArn = await createResources(
      kinesisClient,
      dynamo.endpoint,
      names,
      options.shardCount ?? 2,
    );

    const functions = localFunctions(prefix, config.generationTimeoutSeconds);
    const lambda = await startLambdaService({
      functions: [functions.generate],
      port: ports.lambda,
      logger,
    });
    closers.push(lambda.close);
    useLocalAws(region, { LAMBDA: lambda.endpoint });

    const gateway = await startWebSocketGateway({
      stage,
      region,
      port: ports.gateway,
      routes: functions.routes,
      authorizer: {
        function: functions.authorizer,
        identitySource: ["route.request.querystring.token"],
      },
      logger,
    });
    closers.push(gateway.close);

    const secret = await loadTokenSecret(join(directory, "token-secret"));
    linkResources({
      App: { name: app, stage },
      Api: {
        url: gateway.url,
        managementEndpoint: gateway.managementEndpoint,
        type: "sst.aws.ApiGatewayWebSocket",
      },
      ChatStream: { name: names.streamName, type: "sst.aws.KinesisStream" },
      Connections: { name: names.connectionsTable, type: "sst.aws.Dynamo" },
      Conversations: {
        name: names.conversationsTable,
        type: "sst.aws.Dynamo",
      },
      Chunks: { name: names.chunksTable, type: "sst.aws.Dynamo" },
      Generate: { name: functions.generate.name, type: "sst.aws.Function" },
      TokenSecret: { value: secret, type: "sst.sst.Secret" },
      ChatSettings: { ...runtimeSettings(config), type: "sst.sst.Linkable" },
    });

    const deliveryFailuresFile = join(directory, "delivery-failures.jsonl");
    const mapping = startKinesisEventSource({
      client: kinesisClient,
      streamName: names.streamName,
      streamArn,
      region,
      function: options.faults
        ? withDeliveryFaults(functions.deliver, options.faults)
        : functions.deliver,
      settings: { ...config.delivery, reportBatchItemFailures: true },
      pollIntervalMs: options.pollIntervalMs ?? 100,
      onFailure: async (failure) => {
        logger.error("delivery gave up on a batch", { failure });
        await mkdir(directory, { recursive: true });
        await appendFile(deliveryFailuresFile, `${JSON.stringify(failure)}\n`);
      },
      logger,
    });
    closers.push(() => mapping.close());

    const archiveDirectory = join(directory, "archive");
    const archiver: Archiver = startArchiver({
      client: kinesisClient,
      streamName: names.streamName,
      deliveryStreamName: `${prefix}-Archive`,
      directory: archiveDirectory,
      bufferingIntervalSeconds: config.archive.bufferingIntervalSeconds,
      bufferingSizeMiB: config.archive.bufferingSizeMiB,
      logger,
    });
    closers.push(() => archiver.close());

    // Both read from LATEST: until their shard iterators exist, a record
    // put now would be missed.
    await Promise.all([mapping.ready, archiver.ready]);

    return {
      outputs: {
        websocketUrl: gateway.url,
        managementEndpoint: gateway.managementEndpoint,
        region,
        kinesisEndpoint: kinesis.endpoint,
        dynamodbEndpoint: dynamo.endpoint,
        lambdaEndpoint: lambda.endpoint,
        streamArn,
        generateFunction: functions.generate.name,
        archiveDirectory,
        deliveryFailuresFile,
        model: modelLabel(config.model),
        ...names,
      },
      flushArchive: () => archiver.flush(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resource names as SST would give them for the local stage. */
function resourceNames(prefix: string) {
  return {
    streamName: `${prefix}-ChatStream`,
    connectionsTable: `${prefix}-Connections`,
    conversationsTable: `${prefix}-Conversations`,
    chunksTable: `${prefix}-Chunks`,
  };
}

/**
 * Creates the stream and tables, as a deploy would, from the schemas the
 * infra uses too.
 *
 * @returns the stream's ARN.
 */
async function createResources(
  kinesisClient: KinesisClient,
  dynamodbEndpoint: string,
  names: ReturnType<typeof resourceNames>,
  shardCount: number,
): Promise<string> {
  const dynamo = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    requestHandler: new NodeHttpHandler(),
  });
  try {
    await createTable(dynamo, names.connectionsTable, connectionsTable);
    await createTable(dynamo, names.conversationsTable, conversationsTable);
    await createTable(dynamo, names.chunksTable, chunksTable);
  } finally {
    dynamo.destroy();
  }
  return createStream(kinesisClient, names.streamName, shardCount);
}

/**
 * Points the AWS SDK at local stand-ins, the way any SDK v3 client reads
 * endpoints. Credentials are only filled in when neither keys nor a
 * profile are set: the stand-ins accept any, and a real Bedrock model
 * needs the real ones.
 */
function useLocalAws(region: string, endpoints: Record<string, string>) {
  process.env.AWS_REGION = region;
  if (!process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  for (const [service, endpoint] of Object.entries(endpoints)) {
    process.env[`AWS_ENDPOINT_URL_${service}`] = endpoint;
  }
}

/** Provides links the way SST does: one `SST_RESOURCE_<Name>` each. */
function linkResources(resources: Record<string, object>) {
  for (const [name, value] of Object.entries(resources)) {
    process.env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  }
}
