import type { Duplex } from "node:stream";

/** Opcodes of data frames: continuation, text and binary. */
const dataOpcodes = new Set([0x0, 0x1, 0x2]);

/**
 * Watches the frames a client sends and calls `onOversize` once, before
 * the WebSocket library reads it, when a data frame is over `frameBytes`.
 * `ws` only limits whole messages, while API Gateway also limits each
 * frame (32 KB) and closes the connection with 1009 when one is larger;
 * browsers send each message as a single frame, so this is the limit
 * they meet first.
 *
 * The watcher only reads frame headers and skips payloads; it must be
 * attached right after the upgrade, when the next byte starts a frame.
 */
export function watchFrameSizes(
  socket: Duplex,
  frameBytes: number,
  onOversize: () => void,
): void {
  let header = Buffer.alloc(0);
  let payloadLeft = 0;
  let tripped = false;

  const onData = (chunk: Buffer) => {
    let offset = 0;
    while (!tripped && offset < chunk.byteLength) {
      if (payloadLeft > 0) {
        const skipped = Math.min(payloadLeft, chunk.byteLength - offset);
        payloadLeft -= skipped;
        offset += skipped;
        continue;
      }

      const needed = Math.min(14, chunk.byteLength - offset);
      header = Buffer.concat([header, chunk.subarray(offset, offset + needed)]);
      offset += needed;

      const frame = readFrameHeader(header);
      if (!frame) continue;

      if (dataOpcodes.has(frame.opcode) && frame.payloadBytes > frameBytes) {
        tripped = true;
        socket.off("data", onData);
        onOversize();
        return;
      }

      // Bytes read past the header belong to the payload (or the next
      // frame); give them back by moving the offset.
      const extra = header.byteLength - frame.headerBytes;
      offset -= extra;
      payloadLeft = frame.payloadBytes;
      header = Buffer.alloc(0);
    }
  };

  socket.prependListener("data", onData);
}

/** A frame's opcode and sizes, or `undefined` until the header is whole. */
function readFrameHeader(
  bytes: Buffer,
): { opcode: number; headerBytes: number; payloadBytes: number } | undefined {
  if (bytes.byteLength < 2) return undefined;

  const opcode = (bytes[0] as number) & 0x0f;
  const masked = ((bytes[1] as number) & 0x80) !== 0;
  const shortLength = (bytes[1] as number) & 0x7f;
  const lengthBytes = shortLength === 126 ? 2 : shortLength === 127 ? 8 : 0;
  const headerBytes = 2 + lengthBytes + (masked ? 4 : 0);
  if (bytes.byteLength < headerBytes) return undefined;

  let payloadBytes = shortLength;
  if (lengthBytes === 2) payloadBytes = bytes.readUInt16BE(2);
  if (lengthBytes === 8) payloadBytes = Number(bytes.readBigUInt64BE(2));
  return { opcode, headerBytes, payloadBytes };
}
