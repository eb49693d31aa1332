/**
 * `npm start`: runs the whole pipeline on this machine and writes
 * `.local/outputs.json` with how to reach it. Ctrl-C stops it cleanly.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { prettifyError, ZodError } from "zod";
import { consoleLogger } from "./stack/console-logger";
import { localSettings } from "./stack/local-settings";
import { type LocalStack, startLocalStack } from "./stack/local-stack";
import { localDirectory } from "./stack/paths";

const directory = localDirectory();
const port = Number(process.env.PORT ?? 3000);
const logger = consoleLogger();

process.on("unhandledRejection", (reason) => {
  logger.error("unhandled rejection", { error: String(reason) });
});

let stack: LocalStack;
try {
  stack = await startLocalStack({
    config: localSettings(),
    directory,
    ports: {
      gateway: port,
      kinesis: port + 1,
      dynamodb: port + 2,
      lambda: port + 3,
    },
    logger,
  });
} catch (error) {
  const reason =
    error instanceof ZodError
      ? `invalid settings\n${prettifyError(error)}`
      : String(error);
  console.error(`The local stack did not start: ${reason}`);
  process.exit(1);
}

await mkdir(directory, { recursive: true });
const outputsFile = join(directory, "outputs.json");
await writeFile(outputsFile, `${JSON.stringify(stack.outputs, null, 2)}\n`);

console.log(
  [
    `chat-stream local stack ready at ${stack.outputs.websocketUrl}`,
    `  model:    ${stack.outputs.model}`,
    `  kinesis:  ${stack.outputs.kinesisEndpoint} (stream ${stack.outputs.streamName})`,
    `  dynamodb: ${stack.outputs.dynamodbEndpoint}`,
    `  archive:  ${stack.outputs.archiveDirectory}`,
    `  outputs:  ${outputsFile}`,
    "  token:    npm run token -- <userId>",
    "Press Ctrl-C to stop.",
  ].join("\n"),
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  await stack.close();
  console.log("Stopped.");
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
