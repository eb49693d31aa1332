import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";

/** Settings of the built-in scripted model. */
export interface LocalModelOptions {
  /** Shown as the model id; says what it is. */
  id?: string;
  /** Pause before each delta, in milliseconds. */
  delayMs: number;
  /** Words in an answer unless the prompt asks for another length. */
  defaultWords?: number;
}

/** The label every answer of the scripted model starts with. */
export const localModelLabel =
  "[local scripted model: no language model is running]";

const vocabulary = (
  "the stream keeps every chunk of an answer in order so a client that " +
  "drops its socket can resume where it left off while other tabs follow " +
  "along and the archive records each word for later questions about " +
  "latency tokens and failures"
).split(" ");

/**
 * A language model that needs nothing installed: it answers every prompt
 * with a deterministic text at a steady pace, so the pipeline can be run
 * and tested anywhere. It is not a language model and says so in the
 * first words of each answer.
 *
 * The last user message may hold directives, for demos and fault tests:
 * `#words=N` sets the answer's length and `#fail-after=N` makes the model
 * fail after N deltas.
 */
export function createLocalModel(options: LocalModelOptions): LanguageModelV3 {
  const modelId = options.id ?? "local-scripted";

  return {
    specificationVersion: "v3",
    provider: "local",
    modelId,
    supportedUrls: {},
    async doGenerate() {
      throw new Error("The local scripted model only streams.");
    },
    async doStream(call: LanguageModelV3CallOptions) {
      const prompt = lastUserText(call.prompt);
      const words = answerWords(prompt, options.defaultWords ?? 60);
      const failAfter = directive(prompt, "fail-after");
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start: (controller) =>
          play(controller, words, failAfter, options.delayMs, call),
      });
      return { stream };
    },
  };

  async function play(
    controller: ReadableStreamDefaultController<LanguageModelV3StreamPart>,
    words: string[],
    failAfter: number | undefined,
    delayMs: number,
    call: LanguageModelV3CallOptions,
  ): Promise<void> {
    const signal = call.abortSignal;
    controller.enqueue({ type: "stream-start", warnings: [] });
    controller.enqueue({
      type: "response-metadata",
      modelId,
      timestamp: new Date(),
    });
    controller.enqueue({ type: "text-start", id: "text-0" });

    for (const [index, word] of words.entries()) {
      await sleep(delayMs, signal);
      if (signal?.aborted) return controller.close();
      if (failAfter !== undefined && index >= failAfter) {
        controller.enqueue({
          type: "error",
          error: new Error(`The local model failed after ${index} deltas.`),
        });
        return controller.close();
      }
      const delta = index === 0 ? word : ` ${word}`;
      controller.enqueue({ type: "text-delta", id: "text-0", delta });
    }

    controller.enqueue({ type: "text-end", id: "text-0" });
    controller.enqueue({
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: {
          total: countWords(call.prompt),
          noCache: undefined,
          cacheRead: undefined,
          cacheWrite: undefined,
        },
        outputTokens: {
          total: words.length,
          text: words.length,
          reasoning: undefined,
        },
      },
    });
    controller.close();
  }
}

/** The answer, word by word: the label, an echo, then filler. */
function answerWords(prompt: string, defaultWords: number): string[] {
  const length = directive(prompt, "words") ?? defaultWords;
  const echo = prompt
    .replace(/#[a-z-]+=\d+/g, "")
    .trim()
    .slice(0, 200);
  const words = [
    ...localModelLabel.split(" "),
    ...`You said: "${echo}".`.split(/\s+/),
  ];

  let state = hash(prompt);
  while (words.length < length) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    words.push(vocabulary[state % vocabulary.length] ?? "stream");
  }
  return words.slice(0, Math.max(length, 1));
}

function directive(prompt: string, name: string): number | undefined {
  const match = new RegExp(`#${name}=(\\d+)`).exec(prompt);
  return match ? Math.min(Number(match[1]), 20_000) : undefined;
}

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (const message of [...prompt].reverse()) {
    if (message.role !== "user") continue;
    return message.content
      .map((part) => (part.type === "text" ? part.text : ""))
      .join(" ");
  }
  return "";
}

function countWords(prompt: LanguageModelV3Prompt): number {
  let count = 0;
  for (const message of prompt) {
    if (typeof message.content === "string") {
      count += message.content.split(/\s+/).length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text") count += part.text.split(/\s+/).length;
    }
  }
  return count;
}

function hash(text: string): number {
  let value = 2_166_136_261;
  for (let i = 0; i < text.length; i++) {
    value = Math.imul(value ^ text.charCodeAt(i), 16_777_619) >>> 0;
  }
  return value;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
