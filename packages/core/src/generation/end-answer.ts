import type { UiChunk } from "../chunk-record";
import type { ErrorCode } from "../errors";

/** Why generation was stopped before the model finished. */
export type StopReason = "cancelled" | "timeout";

/**
 * The `errorText` of an `error` chunk: a stable code, a colon, and a
 * sentence for people. Clients branch on the code.
 */
export function errorText(code: ErrorCode, message: string): string {
  return `${code}: ${message}`;
}

/** The code at the start of an `errorText`, if it has one. */
export function errorCodeOf(text: string): ErrorCode | undefined {
  const code = /^([a-z_]+): /.exec(text)?.[1];
  return code as ErrorCode | undefined;
}

/**
 * Makes sure an answer ends, whatever happened: a stopped answer ends
 * with `abort` (cancel) or an `error` chunk (timeout), a failed source
 * with an `error` chunk, and every answer with exactly one `finish`.
 * The AI SDK emits `abort` with no `finish` after it, and nothing at all
 * when its stream throws, either of which would leave a client waiting.
 */
export async function* endAnswer(
  source: AsyncIterable<UiChunk>,
  stopReason: () => StopReason | undefined,
  timeoutSeconds: number,
): AsyncGenerator<UiChunk> {
  let finished = false;
  try {
    for await (const chunk of source) {
      if (finished) continue;
      if (chunk.type === "abort" && stopReason() === "timeout") {
        yield timeoutChunk(timeoutSeconds);
        continue;
      }
      if (chunk.type === "finish") finished = true;
      yield chunk;
    }
  } catch {
    if (!finished) {
      yield stopReason() === "timeout"
        ? timeoutChunk(timeoutSeconds)
        : {
            type: "error",
            errorText: errorText("model_error", "The model failed to answer."),
          };
    }
  }

  if (!finished) yield { type: "finish" };
}

function timeoutChunk(timeoutSeconds: number): UiChunk {
  return {
    type: "error",
    errorText: errorText(
      "generation_timeout",
      `The answer took longer than ${timeoutSeconds} s and was ended.`,
    ),
  };
}
