/** The handler files in `packages/functions/src`, each exporting `handler`. */
export type HandlerFile =
  | "authorizer"
  | "connect"
  | "disconnect"
  | "default"
  | "chat"
  | "resume"
  | "cancel"
  | "history"
  | "generate"
  | "deliver";

/** The SST handler path of one handler file, relative to the repo root. */
export function handlerPath(file: HandlerFile): string {
  return `packages/functions/src/${file}.handler`;
}
