import type { Cell, QueryColumn, QueryResult } from "./query-result";

export const outputFormats = ["table", "json", "csv"] as const;

export type OutputFormat = (typeof outputFormats)[number];

/**
 * Renders a result for a terminal or a pipe: an aligned table with
 * numbers on the right, JSON (an array of objects, numbers as numbers),
 * or CSV (RFC 4180 quoting, a header line).
 */
export function formatResult(
  result: QueryResult,
  format: OutputFormat,
): string {
  const formatters = {
    table: formatTable,
    json: formatJson,
    csv: formatCsv,
  } satisfies Record<OutputFormat, (result: QueryResult) => string>;
  return formatters[format](result);
}

function formatTable({ columns, rows }: QueryResult): string {
  const texts = rows.map((row) => row.map((cell) => cellText(cell, "NULL")));
  const widths = columns.map((column, index) =>
    Math.max(column.name.length, ...texts.map((row) => width(row[index]))),
  );

  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => align(cell, widths[index] ?? 0, columns[index]))
      .join("  ")
      .trimEnd();

  const header = line(columns.map((column) => column.name));
  const rule = widths.map((size) => "-".repeat(size)).join("  ");
  const count = `(${rows.length} ${rows.length === 1 ? "row" : "rows"})`;
  return [header, rule, ...texts.map(line), count].join("\n");
}

function formatJson({ columns, rows }: QueryResult): string {
  const objects = rows.map((row) =>
    Object.fromEntries(
      columns.map((column, index) => [column.name, row[index]]),
    ),
  );
  return JSON.stringify(objects, null, 2);
}

function formatCsv({ columns, rows }: QueryResult): string {
  const line = (cells: readonly string[]) => cells.map(csvField).join(",");
  return [
    line(columns.map((column) => column.name)),
    ...rows.map((row) => line(row.map((cell) => cellText(cell, "")))),
  ].join("\n");
}

function cellText(cell: Cell | undefined, nullText: string): string {
  return cell === null || cell === undefined ? nullText : String(cell);
}

function width(text: string | undefined): number {
  return text === undefined ? 0 : [...text].length;
}

function align(
  text: string,
  size: number,
  column: QueryColumn | undefined,
): string {
  const padding = " ".repeat(Math.max(size - width(text), 0));
  return column?.kind === "number" ? padding + text : text + padding;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
