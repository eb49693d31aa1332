export {
  type AthenaMacro,
  athenaMacros,
  macroStatement,
  registerAthenaMacros,
} from "./athena-macros";
export {
  AnalyticsError,
  type AnalyticsErrorCode,
  analyticsErrorCodes,
} from "./errors";
export {
  formatResult,
  type OutputFormat,
  outputFormats,
} from "./format-result";
export { type QueryCommandIo, runQueryCommand } from "./query-command";
export type {
  Cell,
  ColumnKind,
  QueryColumn,
  QueryResult,
} from "./query-result";
export { createRecordsView, recordsViewStatement } from "./records-view";
export {
  type AthenaOptions,
  type AthenaQueryClient,
  runOnAthena,
} from "./run-on-athena";
export { type DuckDbOptions, runOnDuckDb } from "./run-on-duckdb";
export {
  listSavedQueries,
  loadSavedQuery,
  looksLikeSavedQueryName,
  parseSavedQuery,
  type SavedQuery,
} from "./saved-queries";
export {
  type AthenaTarget,
  athenaTarget,
  localArchiveDirectory,
} from "./stage-outputs";
