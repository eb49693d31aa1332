import { connect } from "node:net";

/**
 * Sends the head of a POST that promises more body than it sends, then
 * drops the connection: what a client killed mid-request looks like to
 * a server.
 */
export function dropMidRequest(endpoint: string): Promise<void> {
  const url = new URL(endpoint);

  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        "POST / HTTP/1.1\r\n" +
          `Host: ${url.host}\r\n` +
          "Content-Type: application/x-amz-json-1.1\r\n" +
          "Content-Length: 1000\r\n\r\n" +
          '{"StreamName":',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
    socket.on("error", reject);
  });
}
