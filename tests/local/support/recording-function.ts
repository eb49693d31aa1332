import type { Context } from "aws-lambda";
import type { LocalFunction } from "../../../packages/local/src/emulators";

/** One call a {@link RecordingFunction} received. */
export interface RecordedCall {
  event: unknown;
  context: Context;
}

/** A local function that records every call it gets. */
export interface RecordingFunction extends LocalFunction {
  calls: RecordedCall[];
}

/**
 * A fake function: records each call, then answers with `behaviour`
 * (which may throw), called with the event and the call's index.
 */
export function recordingFunction(
  name: string,
  behaviour: (event: unknown, call: number) => unknown = () => null,
  settings: Partial<Omit<LocalFunction, "name" | "handler">> = {},
): RecordingFunction {
  const calls: RecordedCall[] = [];

  return {
    name,
    timeoutSeconds: 3,
    ...settings,
    calls,
    handler: async (event, context) => {
      calls.push({ event, context });
      return behaviour(event, calls.length - 1);
    },
  };
}
