import type { Logger } from "../emulators";

/**
 * The local stack's own log: one JSON line per entry on stderr, at
 * `LOG_LEVEL` (default `info`), like the functions' Powertools lines.
 */
export function consoleLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  const order = ["debug", "info", "warn", "error"];
  const threshold = Math.max(order.indexOf(level.toLowerCase()), 0);
  const write =
    (name: string) => (message: string, fields?: Record<string, unknown>) => {
      if (order.indexOf(name) < threshold) return;
      const entry = {
        level: name.toUpperCase(),
        message,
        service: "local-stack",
        timestamp: new Date().toISOString(),
        ...fields,
      };
      process.stderr.write(`${JSON.stringify(entry)}\n`);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}
