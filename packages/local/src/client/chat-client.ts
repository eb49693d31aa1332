import type { FrameChunk, ServerFrame } from "@chat-stream/core";
import WebSocket from "ws";

type ChunksFrame = Extract<ServerFrame, { type: "chunks" }>;

/** An answer as a client assembles it: chunks placed by seq. */
export interface AssembledAnswer {
  chunks: FrameChunk[];
  text: string;
  /** Seqs received more than once, in arrival order. */
  repeats: number[];
}

/**
 * A Node WebSocket client of the chat protocol, for tests and the
 * benchmark: it records every frame with its arrival time and waits for
 * the frames a caller expects.
 */
export class ChatClient {
  readonly frames: ServerFrame[] = [];
  /** When each frame arrived, in `performance.now()` milliseconds. */
  readonly arrivals: number[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      this.arrivals.push(performance.now());
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on("close", () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * Opens a connection.
   *
   * @throws an error whose message holds the HTTP status when the
   *   handshake is refused.
   */
  static connect(url: string, token?: string): Promise<ChatClient> {
    const address = token ? `${url}?token=${encodeURIComponent(token)}` : url;
    const socket = new WebSocket(address);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new ChatClient(socket)));
      socket.once("unexpected-response", (_request, response) => {
        reject(new Error(`handshake refused: ${response.statusCode}`));
      });
      socket.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Sends a chat message and waits for its `accepted` frame. */
  async chat(text: string, conversationId?: string) {
    const from = this.frames.length;
    this.send({ action: "chat", text, conversationId });
    return this.waitFor(isType("accepted"), { from });
  }

  /** Waits for the first recorded frame, from `from` on, that matches. */
  async waitFor<T extends ServerFrame>(
    match: (frame: ServerFrame) => frame is T,
    options?: { timeoutMs?: number; from?: number },
  ): Promise<T>;
  async waitFor(
    match: (frame: ServerFrame) => boolean,
    options?: { timeoutMs?: number; from?: number },
  ): Promise<ServerFrame>;
  async waitFor(
    match: (frame: ServerFrame) => boolean,
    { timeoutMs = 10_000, from = 0 } = {},
  ): Promise<ServerFrame> {
    let found: ServerFrame | undefined;
    await this.until(() => {
      found = this.frames.slice(from).find(match);
      return found !== undefined;
    }, timeoutMs);
    return found as ServerFrame;
  }

  /** Waits until a condition on the received frames holds. */
  async until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline || this.socket.readyState > WebSocket.OPEN) {
        throw new Error(
          `Condition not met in ${timeoutMs} ms; last frames: ` +
            JSON.stringify(this.frames.slice(-3)),
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * The chunks of a message received so far, placed by seq; with
   * `frameLimit`, only those of its first `chunks` frames.
   */
  assemble(
    messageId: string,
    frameLimit = Number.POSITIVE_INFINITY,
  ): AssembledAnswer {
    const bySeq = new Map<number, FrameChunk>();
    const repeats: number[] = [];
    const frames = this.frames
      .filter(
        (frame) => frame.type === "chunks" && frame.messageId === messageId,
      )
      .slice(0, frameLimit);
    for (const frame of frames) {
      if (frame.type !== "chunks") continue;
      for (const chunk of frame.chunks) {
        if (bySeq.has(chunk.seq)) repeats.push(chunk.seq);
        bySeq.set(chunk.seq, chunk);
      }
    }
    const chunks = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const text = chunks
      .filter(({ chunk }) => chunk.type === "text-delta")
      .map(({ chunk }) => String(chunk.delta))
      .join("");
    return { chunks, text, repeats };
  }

  /** Waits until a message's chunks run from 0 to `finish` with no gap. */
  async answer(
    messageId: string,
    timeoutMs = 20_000,
  ): Promise<AssembledAnswer> {
    const complete = () => {
      const { chunks } = this.assemble(messageId);
      const last = chunks.at(-1);
      return last?.chunk.type === "finish" && last.seq === chunks.length - 1;
    };
    await this.until(complete, timeoutMs);
    return this.assemble(messageId);
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }

  /** Drops the connection without a closing handshake, like a lost network. */
  drop(): void {
    this.socket.terminate();
  }
}

/** Narrows a frame to `chunks` frames of one message. */
export function isChunksOf(messageId: string) {
  return (frame: ServerFrame): frame is ChunksFrame =>
    frame.type === "chunks" && frame.messageId === messageId;
}

/** Narrows a frame by its type. */
export function isType<K extends ServerFrame["type"]>(type: K) {
  return (frame: ServerFrame): frame is Extract<ServerFrame, { type: K }> =>
    frame.type === type;
}
