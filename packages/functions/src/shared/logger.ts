import { Logger } from "@aws-lambda-powertools/logger";
import type { LogAttributes } from "@aws-lambda-powertools/logger/types";
import type { Logger as CoreLogger } from "@chat-stream/core";

/**
 * The functions' logger: one JSON line per entry. Chat text, tokens and
 * other personal data are never logged, only ids, counts and outcomes.
 */
export const logger = new Logger({ serviceName: "chat-stream" });

/** The same logger, in the shape core code takes. */
export const coreLogger: CoreLogger = {
  info: (message, extra) => logger.info(message, attributes(extra)),
  warn: (message, extra) => logger.warn(message, attributes(extra)),
  error: (message, extra) => logger.error(message, attributes(extra)),
};

function attributes(extra: Record<string, unknown> = {}): LogAttributes {
  return extra as LogAttributes;
}
