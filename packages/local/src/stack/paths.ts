import { resolve } from "node:path";

/**
 * Where the local stack keeps its state: `.local/` at the repository
 * root, or `CHAT_STREAM_LOCAL_DIR`.
 */
export function localDirectory(): string {
  return resolve(
    process.env.CHAT_STREAM_LOCAL_DIR ??
      new URL("../../../../.local", import.meta.url).pathname,
  );
}
