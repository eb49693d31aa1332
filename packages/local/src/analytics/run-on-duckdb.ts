import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  DuckDBTypeId,
} from "@duckdb/node-api";
import { registerAthenaMacros } from "./athena-macros";
import { AnalyticsError } from "./errors";
import {
  type Cell,
  type ColumnKind,
  integerCell,
  type QueryColumn,
  type QueryResult,
} from "./query-result";
import { createRecordsView } from "./records-view";

export interface DuckDbOptions {
  /** The local bucket folder the archiver writes, e.g. `.local/archive`. */
  archiveDirectory: string;
}

/**
 * Runs Athena SQL on DuckDB over the local archive: an in-memory
 * database with the view `records` and a macro for each Athena function
 * the saved queries use.
 *
 * @throws {AnalyticsError} `empty_archive` without objects; `sql_error`
 *   with DuckDB's first message line when the query fails.
 */
export async function runOnDuckDb(
  sql: string,
  options: DuckDbOptions,
): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();

  try {
    await registerAthenaMacros(connection);
    await createRecordsView(connection, options.archiveDirectory);
    return await read(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function read(
  connection: DuckDBConnection,
  sql: string,
): Promise<QueryResult> {
  let reader: Awaited<ReturnType<DuckDBConnection["runAndReadAll"]>>;
  try {
    reader = await connection.runAndReadAll(sql);
  } catch (error) {
    throw new AnalyticsError("sql_error", firstLine(error), { cause: error });
  }

  const columns: QueryColumn[] = reader.columnNames().map((name, index) => {
    const type = reader.columnType(index);
    return { name, kind: kindOf(type), type: type.toString() };
  });
  const rows = reader.getRowsJson().map((row) =>
    row.map((value, index) => {
      const column = columns[index];
      return column ? toCell(value, column.kind) : null;
    }),
  );
  return { columns, rows };
}

const integerTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
]);

const fractionTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

function kindOf(type: DuckDBType): ColumnKind {
  if (integerTypes.has(type.typeId) || fractionTypes.has(type.typeId)) {
    return "number";
  }
  return type.typeId === DuckDBTypeId.BOOLEAN ? "boolean" : "text";
}

// The JSON form of a row gives big integers and decimals as strings and
// nested values as objects; each becomes a cell Athena would also give.
function toCell(value: unknown, kind: ColumnKind): Cell {
  if (value === null || value === undefined) {
    return null;
  }
  if (kind === "number") {
    return typeof value === "number" ? value : numberCell(String(value));
  }
  if (typeof value === "boolean") {
    return value;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function numberCell(text: string): number | string {
  return /^-?\d+$/.test(text) ? integerCell(text) : Number(text);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
