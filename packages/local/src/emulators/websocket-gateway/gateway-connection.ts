import type { WebSocket } from "ws";
import type { ConnectionInfo } from "./events";

/** Why and how a connection ended, for `$disconnect`. */
export interface ConnectionEnd {
  statusCode: number;
  reason: string;
}

/**
 * One open WebSocket connection: its socket, what its events share and
 * its activity. It ends once; later attempts are ignored, so a close
 * started by the server and the client's echo of it run `$disconnect`
 * only once.
 */
export class GatewayConnection {
  /** Epoch milliseconds of the last message in or out. */
  lastActiveAt: number;
  /** Set when a frame was too large: the rest of its data is ignored. */
  rejected = false;
  private ended = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly socket: WebSocket,
    readonly info: ConnectionInfo,
    private readonly frameBytes: number,
  ) {
    this.lastActiveAt = info.connectedAt;
  }

  get id(): string {
    return this.info.connectionId;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /**
   * Sends one message as text, in frames of at most the frame limit, the
   * way API Gateway splits what `@connections` posts.
   */
  send(data: Buffer): void {
    this.lastActiveAt = Date.now();
    if (data.byteLength <= this.frameBytes) {
      this.socket.send(data, { binary: false });
      return;
    }

    for (let offset = 0; offset < data.byteLength; offset += this.frameBytes) {
      const end = Math.min(offset + this.frameBytes, data.byteLength);
      this.socket.send(data.subarray(offset, end), {
        binary: false,
        fin: end === data.byteLength,
      });
    }
  }

  /** Runs `action` after `ms`, unless the connection ends first. */
  after(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /**
   * Marks the connection ended and stops its timers. Returns `false` when
   * it had already ended.
   */
  end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return true;
  }
}
