import type { DuckDBConnection } from "@duckdb/node-api";

/** A DuckDB macro standing in for an Athena (Trino) function. */
export interface AthenaMacro {
  /** The Athena function it stands in for. */
  name: string;
  parameters: readonly string[];
  /** The macro's body, in DuckDB SQL. */
  body: string;
  /** Where DuckDB's answer can differ from Athena's. */
  difference: string;
}

/**
 * The Athena functions the saved queries use that DuckDB lacks or
 * defines differently. docs/analytics.md lists them; a test keeps the
 * two in step.
 */
export const athenaMacros: readonly AthenaMacro[] = [
  {
    name: "approx_percentile",
    parameters: ["x", "p"],
    // Trino keeps each value of a small group as its own t-digest
    // centroid and answers with the value at 0-based rank floor(p * n);
    // this returns exactly that rank of the sorted non-null values.
    body:
      "list_sort(list(x) FILTER (WHERE x IS NOT NULL))" +
      "[least(CAST(floor(p * count(x)) AS BIGINT), count(x) - 1) + 1]",
    difference:
      "Exact: the value at rank floor(p·n) of the sorted values. Athena " +
      "gives the same while its t-digest keeps each value apart (small " +
      "groups) and an estimate near it beyond. Only the (x, p) form.",
  },
  {
    name: "json_extract_scalar",
    parameters: ["json", "path"],
    body:
      "CASE WHEN NOT json_valid(json) THEN NULL " +
      "WHEN json_type(json, path) IN ('OBJECT', 'ARRAY') THEN NULL " +
      "ELSE json_extract_string(json, path) END",
    difference:
      "Same answers for JSONPath paths like $.a.b; DuckDB's path syntax " +
      "accepts more.",
  },
  {
    name: "from_unixtime",
    parameters: ["seconds"],
    body: "make_timestamp(CAST(round(seconds * 1000000) AS BIGINT))",
    difference:
      "Returns a UTC TIMESTAMP; Athena returns a timestamp with time " +
      "zone in UTC. Only the one-argument form.",
  },
  {
    name: "date_format",
    parameters: ["ts", "format"],
    body: "strftime(ts, replace(replace(format, '%i', '%M'), '%s', '%S'))",
    difference:
      "Specifiers %Y %m %d %H %i %s mean the same as in Athena; others " +
      "follow DuckDB's strftime.",
  },
  {
    name: "sequence",
    parameters: ["start", "stop"],
    body: "generate_series(start, stop)",
    difference:
      "Empty when stop < start; Athena counts down instead. Only the " +
      "two-argument integer form.",
  },
  {
    name: "cardinality",
    parameters: ["list"],
    body: "len(list)",
    difference: "Arrays only; DuckDB's own cardinality takes maps only.",
  },
];

/** The statement that defines one macro. */
export function macroStatement(macro: AthenaMacro): string {
  const signature = `${macro.name}(${macro.parameters.join(", ")})`;
  return `CREATE OR REPLACE MACRO ${signature} AS ${macro.body}`;
}

/**
 * Defines every macro on a connection. A macro shadows DuckDB's own
 * function of the same name for queries on this connection.
 */
export async function registerAthenaMacros(
  connection: DuckDBConnection,
): Promise<void> {
  for (const macro of athenaMacros) {
    await connection.run(macroStatement(macro));
  }
}
