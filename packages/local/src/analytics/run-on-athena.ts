import {
  type ColumnInfo,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type Row,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandOutput,
} from "@aws-sdk/client-athena";
import { AnalyticsError } from "./errors";
import {
  type Cell,
  type ColumnKind,
  integerCell,
  type QueryColumn,
  type QueryResult,
} from "./query-result";
import type { AthenaTarget } from "./stage-outputs";

/** The three calls a query needs; `AthenaClient` has them. */
export interface AthenaQueryClient {
  send(
    command: StartQueryExecutionCommand,
  ): Promise<StartQueryExecutionCommandOutput>;
  send(
    command: GetQueryExecutionCommand,
  ): Promise<GetQueryExecutionCommandOutput>;
  send(command: GetQueryResultsCommand): Promise<GetQueryResultsCommandOutput>;
}

export interface AthenaOptions extends AthenaTarget {
  client: AthenaQueryClient;
  /** First pause between two status checks; it doubles up to 2 s. */
  pollIntervalMs?: number;
  /** Replaced in tests so polling takes no time. */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_POLL_INTERVAL_MS = 2000;
const PAGE_SIZE = 1000;

/**
 * Runs SQL on Athena in a stage's workgroup and database: starts the
 * query, waits for it to finish, and reads every page of its results.
 *
 * @throws {AnalyticsError} `athena_query_failed` with Athena's reason
 *   when the query fails or is cancelled.
 */
export async function runOnAthena(
  sql: string,
  options: AthenaOptions,
): Promise<QueryResult> {
  const { client, workgroup, database } = options;

  const started = await translateErrors(() =>
    client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: workgroup,
        QueryExecutionContext: { Database: database },
      }),
    ),
  );
  const id = started.QueryExecutionId;
  if (!id) {
    throw new AnalyticsError(
      "athena_query_failed",
      "Athena started the query without returning its id.",
    );
  }

  const statementType = await translateErrors(() => waitForQuery(id, options));
  return translateErrors(() => readResults(id, statementType, client));
}

// SDK errors (no credentials, an unknown workgroup, throttling) become
// one-line errors the command can print.
async function translateErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AnalyticsError || !(error instanceof Error)) {
      throw error;
    }
    throw new AnalyticsError(
      "athena_query_failed",
      `Athena refused the call: ${error.name}: ${firstLine(error.message)}`,
      { cause: error },
    );
  }
}

async function waitForQuery(
  id: string,
  options: AthenaOptions,
): Promise<string | undefined> {
  const sleep = options.sleep ?? defaultSleep;
  let interval = options.pollIntervalMs ?? 250;

  for (;;) {
    const output = await options.client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const execution = output.QueryExecution;
    const state = execution?.Status?.State;

    if (state === "SUCCEEDED") {
      return execution?.StatementType;
    }
    if (state === "FAILED" || state === "CANCELLED") {
      const reason = execution?.Status?.StateChangeReason ?? "no reason given";
      throw new AnalyticsError(
        "athena_query_failed",
        `Athena query "${id}" ${state.toLowerCase()}: ${firstLine(reason)}`,
      );
    }

    await sleep(interval);
    interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
  }
}

async function readResults(
  id: string,
  statementType: string | undefined,
  client: AthenaQueryClient,
): Promise<QueryResult> {
  let columns: QueryColumn[] = [];
  const rows: Cell[][] = [];
  let nextToken: string | undefined;
  let firstPage = true;

  do {
    const page = await client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: PAGE_SIZE,
        NextToken: nextToken,
      }),
    );
    const resultSet = page.ResultSet;

    let pageRows = resultSet?.Rows ?? [];
    if (firstPage) {
      columns = (resultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(toColumn);
      // A SELECT's first row holds the column names, not data.
      if (statementType === "DML" && isHeader(pageRows[0], columns)) {
        pageRows = pageRows.slice(1);
      }
    }

    rows.push(...pageRows.map((row) => toCells(row, columns)));
    nextToken = page.NextToken;
    firstPage = false;
  } while (nextToken);

  return { columns, rows };
}

const numberTypes = new Set([
  "tinyint",
  "smallint",
  "integer",
  "int",
  "bigint",
  "real",
  "float",
  "double",
  "decimal",
]);

function toColumn(info: ColumnInfo): QueryColumn {
  const type = info.Type ?? "varchar";
  const kind: ColumnKind = numberTypes.has(type)
    ? "number"
    : type === "boolean"
      ? "boolean"
      : "text";
  return { name: info.Label ?? info.Name ?? "", kind, type };
}

function isHeader(row: Row | undefined, columns: QueryColumn[]): boolean {
  const values = row?.Data?.map((datum) => datum.VarCharValue) ?? [];
  return (
    values.length === columns.length &&
    values.every((value, index) => value === columns[index]?.name)
  );
}

// Athena returns every value as text, and a null as a datum without one.
function toCells(row: Row, columns: QueryColumn[]): Cell[] {
  return columns.map((column, index) => {
    const text = row.Data?.[index]?.VarCharValue;
    if (text === undefined) {
      return null;
    }
    if (column.kind === "boolean") {
      return text === "true";
    }
    if (column.kind === "number") {
      return /^-?\d+$/.test(text) ? integerCell(text) : Number(text);
    }
    return text;
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
