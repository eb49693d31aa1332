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
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  generateAnswer,
  KinesisChunkPublisher,
  kinesisClient,
  type MessageEnding,
  selectModel,
} from "@chat-stream/core";
import type { Context } from "aws-lambda";
import { Resource } from "sst";
import { dependencies } from "./shared/dependencies";
import { generationJobSchema } from "./shared/generation-job";
import { coreLogger, logger } from "./shared/logger";
import { metrics } from "./shared/metrics";

/** Time kept back from the function's timeout to end an answer cleanly. */
const endingMarginMs = 10_000;

/** One count per way an answer ends. */
const answerMetric = {
  complete: "AnswersCompleted",
  cancelled: "AnswersCancelled",
  error: "AnswersFailed",
} as const satisfies Record<MessageEnding["status"], string>;

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
    metrics.addMetric(answerMetric[ending.status], MetricUnit.Count, 1);
    metrics.addMetric("AnswerChunks", MetricUnit.Count, ending.lastSeq + 1);
    metrics.addMetric(
      "AnswerDuration",
      MetricUnit.Milliseconds,
      Date.now() - job.startedAt,
    );
    metrics.publishStoredMetrics();
    logger.info("answer generated", {
      ...summary,
      outcome: ending.status,
      error_code: ending.errorCode,
      chunks: ending.lastSeq + 1,
      duration_ms: Date.now() - started,
    });
  } catch (error) {
    metrics.addMetric(answerMetric.error, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
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
