/** How a column's values are printed and serialized. */
export type ColumnKind = "number" | "text" | "boolean";

export interface QueryColumn {
  name: string;
  kind: ColumnKind;
  /** The engine's own type name, for example `BIGINT` or `varchar`. */
  type: string;
}

export type Cell = string | number | boolean | null;

/** Rows of a query in the same shape whichever engine ran it. */
export interface QueryResult {
  columns: QueryColumn[];
  rows: Cell[][];
}

/**
 * Turns an integer that may not fit a double into a number when it
 * fits, else keeps its digits, so no count is silently rounded.
 */
export function integerCell(digits: string): number | string {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : digits;
}
