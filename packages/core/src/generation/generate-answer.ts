import { type ModelMessage, streamText } from "ai";
import type { ChunkRecord, SequencedChunk, UiChunk } from "../chunk-record";
import { type ErrorCode, errorCodes } from "../errors";
import { type Logger, silentLogger } from "../logger";
import type { SelectedModel } from "../models/select-model";
import type { ChunkStore } from "../stores/chunk-store";
import type {
  ConversationStore,
  Message,
  MessageEnding,
} from "../stores/conversation-store";
import type { ChunkPublisher } from "./chunk-publisher";
import { coalesceChunks } from "./coalesce-chunks";
import {
  endAnswer,
  errorCodeOf,
  errorText,
  type StopReason,
} from "./end-answer";

/** One answer to generate: the placeholder message the chat route made. */
export interface GenerationJob {
  conversationId: string;
  messageId: string;
  userId: string;
  /** Epoch milliseconds when the user's message was accepted. */
  startedAt: number;
}

/** What generation needs from the outside world. */
export interface GenerationDeps {
  model: SelectedModel;
  conversations: ConversationStore;
  chunks: ChunkStore;
  publisher: ChunkPublisher;
  /** See {@link coalesceChunks}. */
  coalesceMs: number;
  /** Epoch milliseconds by which the answer must have ended. */
  deadlineAt: number;
  /** Seconds the stage allows an answer; only used in the error text. */
  timeoutSeconds: number;
  /** How often the message is read to notice a cancel. */
  cancelPollMs?: number;
  /** Largest chunk payload of one record, in JSON bytes. */
  maxRecordBytes?: number;
  now?: () => number;
  logger?: Logger;
}

/**
 * Streams the model's answer to a message onto the stream and into the
 * replay log, then stores the finished message.
 *
 * Every batch is written to the replay log before it is put on the
 * stream, so a chunk a client has seen can always be replayed. The answer
 * always ends with `finish`, after `abort` when cancelled and after an
 * `error` chunk when the model failed or ran out of time.
 *
 * @returns how the message ended.
 * @throws when the replay log or the stream cannot be written; the
 *   message is then stored as failed before the error is rethrown.
 */
export async function generateAnswer(
  job: GenerationJob,
  deps: GenerationDeps,
): Promise<MessageEnding> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const stop = new AbortController();
  let stopReason: StopReason | undefined;

  const halt = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    stop.abort(reason);
  };
  const deadline = setTimeout(
    () => halt("timeout"),
    Math.max(0, deps.deadlineAt - now()),
  );
  const cancelWatch = watchForCancel(job, deps, () => halt("cancelled"));

  const ending = new AnswerTally(deps.model.label);
  try {
    const history = await deps.conversations.listMessages(job.conversationId);
    const answer = endAnswer(
      uiChunks(job, deps, toModelMessages(history, job.messageId), stop),
      () => stopReason,
      deps.timeoutSeconds,
    );
    const batches = coalesceChunks(answer, {
      windowMs: deps.coalesceMs,
      maxBytes: deps.maxRecordBytes ?? 64 * 1024,
      now,
    });

    for await (const chunks of batches) {
      const record = toRecord(job, chunks, now());
      await deps.chunks.append(record);
      // Counted once replayable: a resume can show it even if the put
      // below fails.
      ending.add(chunks);
      await deps.publisher.publish(record);
    }
  } catch (error) {
    logger.error("generation failed", { error: String(error) });
    await endFailedAnswer(job, deps, ending, now());
    throw error;
  } finally {
    clearTimeout(deadline);
    cancelWatch.stop();
  }

  const result = ending.result();
  await deps.conversations.finishMessage(
    job.conversationId,
    job.messageId,
    result,
  );
  return result;
}

/**
 * Ends an answer whose generation broke: an `error` chunk and `finish`
 * go to the replay log and the stream as far as they still work, so a
 * resume or a live client sees an end, and the message is stored failed.
 * Each step is best effort; the caller rethrows the original error.
 */
async function endFailedAnswer(
  job: GenerationJob,
  deps: GenerationDeps,
  ending: AnswerTally,
  at: number,
): Promise<void> {
  const next = ending.nextSeq();
  const terminal = toRecord(
    job,
    [
      {
        seq: next,
        receivedAt: at,
        chunk: {
          type: "error",
          errorText: errorText(
            "internal_error",
            "The answer could not be streamed; send the message again.",
          ),
        },
      },
      { seq: next + 1, receivedAt: at, chunk: { type: "finish" } },
    ],
    at,
  );
  const logger = deps.logger ?? silentLogger;
  const attempt = (step: string, work: () => Promise<unknown>) =>
    work().catch((error: unknown) =>
      logger.warn(`failed answer not ${step}`, { error: String(error) }),
    );

  await attempt("logged", async () => {
    await deps.chunks.append(terminal);
    ending.add(terminal.chunks);
  });
  await attempt("streamed", () => deps.publisher.publish(terminal));
  await attempt("stored", () =>
    deps.conversations.finishMessage(
      job.conversationId,
      job.messageId,
      ending.failed("internal_error"),
    ),
  );
}

function uiChunks(
  job: GenerationJob,
  deps: GenerationDeps,
  messages: ModelMessage[],
  stop: AbortController,
): AsyncIterable<UiChunk> {
  const logger = deps.logger ?? silentLogger;
  const result = streamText({
    model: deps.model.model,
    messages,
    abortSignal: stop.signal,
    onError: ({ error }) =>
      logger.warn("model stream failed", { error: String(error) }),
  });

  return result.toUIMessageStream({
    generateMessageId: () => job.messageId,
    messageMetadata: ({ part }) => {
      if (part.type === "start") return { model: deps.model.label };
      if (part.type === "finish") return { usage: part.totalUsage };
      return undefined;
    },
    onError: () => errorText("model_error", "The model failed to answer."),
  }) as AsyncIterable<UiChunk>;
}

/** The conversation so far, as the model reads it. */
function toModelMessages(
  history: Message[],
  answeringId: string,
): ModelMessage[] {
  return history
    .filter((message) => message.messageId !== answeringId)
    .filter((message) => message.text.length > 0)
    .map((message) =>
      message.role === "user"
        ? { role: "user", content: message.text }
        : { role: "assistant", content: message.text },
    );
}

function toRecord(
  job: GenerationJob,
  chunks: SequencedChunk[],
  producedAt: number,
): ChunkRecord {
  return {
    v: 1,
    conversationId: job.conversationId,
    messageId: job.messageId,
    userId: job.userId,
    startedAt: job.startedAt,
    producedAt,
    chunks,
  };
}

/** Polls the message for a cancel request until stopped. */
function watchForCancel(
  job: GenerationJob,
  deps: GenerationDeps,
  onCancel: () => void,
): { stop(): void } {
  const logger = deps.logger ?? silentLogger;
  let reading = false;
  const timer = setInterval(async () => {
    if (reading) return;
    reading = true;
    try {
      const message = await deps.conversations.getMessage(
        job.conversationId,
        job.messageId,
      );
      if (message?.cancelRequested) onCancel();
    } catch (error) {
      logger.warn("cancel check failed", { error: String(error) });
    } finally {
      reading = false;
    }
  }, deps.cancelPollMs ?? 250);
  return { stop: () => clearInterval(timer) };
}

/** Adds up an answer's text and how it ended, batch by batch. */
class AnswerTally {
  private text = "";
  private lastSeq = -1;
  private status: MessageEnding["status"] = "complete";
  private errorCode: ErrorCode | undefined;

  constructor(private readonly model: string) {}

  add(chunks: SequencedChunk[]): void {
    for (const { seq, chunk } of chunks) {
      this.lastSeq = seq;
      if (chunk.type === "text-delta") this.text += String(chunk.delta ?? "");
      if (chunk.type === "abort") this.status = "cancelled";
      if (chunk.type === "error") {
        this.status = "error";
        const code = errorCodeOf(String(chunk.errorText ?? ""));
        this.errorCode =
          code && errorCodes.includes(code) ? code : "model_error";
      }
    }
  }

  result(): MessageEnding {
    return {
      text: this.text,
      status: this.status,
      lastSeq: this.lastSeq,
      errorCode: this.errorCode,
      model: this.model,
    };
  }

  /** The seq the next chunk gets. */
  nextSeq(): number {
    return this.lastSeq + 1;
  }

  failed(code: ErrorCode): MessageEnding {
    return { ...this.result(), status: "error", errorCode: code };
  }
}
