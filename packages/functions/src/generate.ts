/**
 * Generation function.
 *
 * Trigger: asynchronous invocation by the `chat` route, with no retries
 * (a retry would write a second answer under the same message).
 * Side effects: streams the model's answer as chunk records onto the
 * Kinesis stream and into the replay log; stores the finished message.
 * Contract: the answer always ends with `finish` on the stream. If the
 * stream itself cannot be written, the message is stored as failed and
 * an `error` frame is sent straight to the asking connection.
 */
import {
  generateAnswer,
  KinesisChunkPublisher,
  kinesisClient,
  selectModel,
} from "@chat-stream/core";
import type { Context } from "aws-lambda";
import { Resource } from "sst";
import { dependencies } from "./shared/dependencies";
import { generationJobSchema } from "./shared/generation-job";
import { coreLogger, logger } from "./shared/logger";

/** Time kept back from the function's timeout to end an answer cleanly. */
const endingMarginMs = 10_000;

export async function handler(event: unknown, context: Context) {
  const started = Date.now();
  const job = generationJobSchema.parse(event);
  const { settings, conversations, chunks, sender } = dependencies();
  const summary = {
    conversation_id: job.conversationId,
    message_id: job.messageId,
  };

  const deadlineAt =
    started +
    Math.min(
      settings.generationTimeoutSeconds * 1000,
      context.getRemainingTimeInMillis() - endingMarginMs,
    );

  try {
    const ending = await generateAnswer(job, {
      model: selectModel(settings.model),
      conversations,
      chunks,
      publisher: new KinesisChunkPublisher(
        kinesisClient(),
        Resource.ChatStream.name,
      ),
      coalesceMs: settings.coalesceMs,
      deadlineAt,
      timeoutSeconds: settings.generationTimeoutSeconds,
      logger: coreLogger,
    });
    logger.info("answer generated", {
      ...summary,
      outcome: ending.status,
      error_code: ending.errorCode,
      chunks: ending.lastSeq + 1,
      duration_ms: Date.now() - started,
    });
  } catch (error) {
    logger.error("answer failed", { ...summary, error: String(error) });
    await sender
      .send(job.connectionId, {
        type: "error",
        code: "internal_error",
        message: "The answer could not be streamed; send the message again.",
        conversationId: job.conversationId,
        messageId: job.messageId,
      })
      .catch(() => undefined);
    throw error;
  }
}
