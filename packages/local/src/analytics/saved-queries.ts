import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { AnalyticsError } from "./errors";

/** A query kept in `analytics/queries/<name>.sql`. */
export interface SavedQuery {
  /** The file name without `.sql`; also the Athena named query's name. */
  name: string;
  /** The leading `-- ` comment line; the named query's description. */
  description: string;
  sql: string;
}

/** Names a saved query may have: what a file name and a flag can hold. */
const savedQueryName = /^[a-z0-9][a-z0-9-]*$/;

/** Whether a command-line argument names a saved query, not SQL. */
export function looksLikeSavedQueryName(text: string): boolean {
  return savedQueryName.test(text);
}

/** Reads a saved query's description from its first line. */
export function parseSavedQuery(name: string, text: string): SavedQuery {
  const firstLine = text.split("\n", 1)[0] ?? "";
  const description = firstLine.startsWith("-- ")
    ? firstLine.slice(3).trim()
    : "";
  return { name, description, sql: text.trim() };
}

/** Every saved query in a folder, by name. */
export async function listSavedQueries(
  directory: string,
): Promise<SavedQuery[]> {
  const files = (await readdir(directory))
    .filter((file) => file.endsWith(".sql"))
    .sort();

  return Promise.all(
    files.map(async (file) =>
      parseSavedQuery(
        basename(file, ".sql"),
        await readFile(join(directory, file), "utf8"),
      ),
    ),
  );
}

/**
 * Reads one saved query.
 *
 * @throws {AnalyticsError} `unknown_query`, naming the queries there are.
 */
export async function loadSavedQuery(
  directory: string,
  name: string,
): Promise<SavedQuery> {
  const queries = await listSavedQueries(directory);
  const query = queries.find((candidate) => candidate.name === name);
  if (query) {
    return query;
  }

  const known = queries.map((candidate) => candidate.name).join(", ");
  throw new AnalyticsError(
    "unknown_query",
    `No saved query is named "${name}"; saved queries: ${known}.`,
  );
}
