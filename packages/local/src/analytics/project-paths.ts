import { fileURLToPath } from "node:url";

/** The repository root, found from this file rather than the shell. */
export const projectRoot = fileURLToPath(
  new URL("../../../../", import.meta.url),
);

/** One Athena named query per file here; the infra reads them too. */
export const savedQueriesDirectory = `${projectRoot}analytics/queries`;

/** The local stack's state, unless `CHAT_STREAM_LOCAL_DIR` moves it. */
export function localDirectory(
  environment: NodeJS.ProcessEnv = process.env,
): string {
  return environment.CHAT_STREAM_LOCAL_DIR ?? `${projectRoot}.local`;
}

/** Where SST writes a stage's outputs after a deploy. */
export const sstOutputsFile = `${projectRoot}.sst/outputs.json`;
