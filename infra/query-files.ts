import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The folder of saved queries, relative to the repo root. */
export const queriesDir = path.join("analytics", "queries");

/** One saved query, read from a `.sql` file. */
export interface QueryFile {
  /** The file name without `.sql`. */
  name: string;
  /** The text of a leading `-- ` comment line, if the file has one. */
  description?: string;
  /** The whole file, comment included, trimmed. */
  query: string;
}

/**
 * Reads the `.sql` files of a folder, sorted by name. A missing folder
 * has no queries: the queries are written separately from the infra.
 *
 * @param dir - the folder, for example `analytics/queries`
 */
export function readQueryFiles(dir: string): QueryFile[] {
  if (!existsSync(dir)) return [];

  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".sql"))
    .map((entry) => entry.name)
    .sort()
    .map((file) =>
      parseQueryFile(file, readFileSync(path.join(dir, file), "utf8")),
    );
}

/**
 * Parses one query file.
 *
 * @param fileName - the file's name, `.sql` included
 * @param text - the file's content
 */
export function parseQueryFile(fileName: string, text: string): QueryFile {
  const query = text.trim();
  const firstLine = query.split("\n", 1)[0] ?? "";
  const description = firstLine.startsWith("-- ")
    ? firstLine.slice(3).trim()
    : undefined;

  return {
    name: path.basename(fileName, ".sql"),
    ...(description ? { description } : {}),
    query,
  };
}
