import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { AnalyticsError } from "./errors";

/**
 * The JSON keys of a record and their types, as the producer writes them.
 * DuckDB matches JSON keys by exact name, so the view renames them to
 * the lowercase column names of the Glue table `records`.
 */
const recordColumns = {
  v: "INTEGER",
  conversationId: "VARCHAR",
  messageId: "VARCHAR",
  userId: "VARCHAR",
  startedAt: "BIGINT",
  producedAt: "BIGINT",
  chunks: "STRUCT(seq INTEGER, receivedAt BIGINT, chunk JSON)[]",
} as const;

/**
 * The statement that makes the view `records` over an archive folder: the
 * Glue table's columns and types, `chunk` as JSON text like the OpenX
 * SerDe gives a nested object to a string column, and `dt` from the
 * folder names. `ignore_errors` turns a line that is not JSON into a row
 * of nulls (and a field of the wrong type into a null), as the SerDe
 * does; the saved queries drop such rows with `v = 1`.
 */
export function recordsViewStatement(archiveDirectory: string): string {
  const pattern = join(archiveDirectory, "records", "dt=*", "*.gz");
  const columns = Object.entries(recordColumns)
    .map(([key, type]) => `${quoteIdentifier(key)}: ${quoteText(type)}`)
    .join(", ");

  return `CREATE OR REPLACE VIEW records AS
SELECT
  v,
  conversationId AS conversationid,
  messageId AS messageid,
  userId AS userid,
  startedAt AS startedat,
  producedAt AS producedat,
  CAST(chunks AS STRUCT(seq INTEGER, receivedat BIGINT, chunk VARCHAR)[])
    AS chunks,
  dt
FROM read_json(
  ${quoteText(pattern)},
  format = 'newline_delimited',
  compression = 'gzip',
  ignore_errors = true,
  hive_partitioning = true,
  hive_types = {'dt': 'VARCHAR'},
  columns = {${columns}}
)`;
}

/**
 * Makes the view `records` over the archive.
 *
 * @throws {AnalyticsError} `empty_archive` when the folder holds no
 *   object yet: DuckDB would otherwise fail with a glob error.
 */
export async function createRecordsView(
  connection: DuckDBConnection,
  archiveDirectory: string,
): Promise<void> {
  if (!(await hasArchiveObjects(archiveDirectory))) {
    throw new AnalyticsError(
      "empty_archive",
      `The archive "${archiveDirectory}" holds no records/dt=*/*.gz ` +
        "object yet; start the local stack, chat, and wait for the " +
        "buffering interval (or pass --archive).",
    );
  }
  await connection.run(recordsViewStatement(archiveDirectory));
}

async function hasArchiveObjects(archiveDirectory: string): Promise<boolean> {
  const records = join(archiveDirectory, "records");
  const partitions = await readdir(records).catch(() => [] as string[]);

  for (const partition of partitions.filter((name) => name.startsWith("dt="))) {
    const names = await readdir(join(records, partition)).catch(() => []);
    if (names.some((name) => name.endsWith(".gz"))) {
      return true;
    }
  }
  return false;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
