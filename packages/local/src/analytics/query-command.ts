import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AthenaClient } from "@aws-sdk/client-athena";
import { AnalyticsError } from "./errors";
import {
  formatResult,
  type OutputFormat,
  outputFormats,
} from "./format-result";
import {
  localDirectory,
  savedQueriesDirectory,
  sstOutputsFile,
} from "./project-paths";
import type { QueryResult } from "./query-result";
import { type AthenaQueryClient, runOnAthena } from "./run-on-athena";
import { runOnDuckDb } from "./run-on-duckdb";
import {
  listSavedQueries,
  loadSavedQuery,
  looksLikeSavedQueryName,
} from "./saved-queries";
import { athenaTarget, localArchiveDirectory } from "./stage-outputs";

/** What the command reads and writes, replaced in tests. */
export interface QueryCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  environment?: NodeJS.ProcessEnv;
  queriesDirectory?: string;
  outputsFile?: string;
  createAthenaClient?: () => AthenaQueryClient;
}

const usage = `Usage: npm run query -- <saved query | SQL> [options]

Runs a saved query from analytics/queries (by name) or any SQL on the
table "records": locally with DuckDB over the archive, or with --stage
on Athena.

Options:
  --format table|json|csv  output format (default table)
  --archive <dir>          local archive folder (default: archiveDirectory
                           in .local/outputs.json, else .local/archive)
  --stage <stage>          run on Athena in the stage's workgroup and
                           database, read from .sst/outputs.json
  --workgroup <name>       with --stage: the workgroup to use instead
  --database <name>        with --stage: the database to use instead
  --help                   show this help`;

/**
 * `npm run query`: runs one query and prints its rows. Returns the exit
 * code: 0 on success, 1 when the query cannot run, 2 for a wrong
 * command line. A user's mistake is reported as one line, never a stack.
 */
export async function runQueryCommand(
  argv: readonly string[],
  io: QueryCommandIo,
): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr(`error: ${describe(error)}\n`);
    const usageError =
      error instanceof AnalyticsError && error.code === "invalid_arguments";
    return usageError ? 2 : 1;
  }
}

async function run(argv: readonly string[], io: QueryCommandIo) {
  const queriesDirectory = io.queriesDirectory ?? savedQueriesDirectory;
  const args = parse(argv);

  if (args.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (args.query === "") {
    const queries = await listSavedQueries(queriesDirectory);
    const list = queries.map((q) => `  ${q.name}: ${q.description}`);
    io.stderr(`${usage}\n\nSaved queries:\n${list.join("\n")}\n`);
    return 2;
  }

  const sql = looksLikeSavedQueryName(args.query)
    ? (await loadSavedQuery(queriesDirectory, args.query)).sql
    : args.query;
  const result = await execute(sql, args, io);
  io.stdout(`${formatResult(result, args.format)}\n`);
  return 0;
}

interface CommandArgs {
  query: string;
  format: OutputFormat;
  help: boolean;
  stage?: string;
  archive?: string;
  workgroup?: string;
  database?: string;
}

function parse(argv: readonly string[]): CommandArgs {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new AnalyticsError("invalid_arguments", describe(error));
  }
  const { values, positionals } = parsed;

  const format = values.format ?? "table";
  if (!isOutputFormat(format)) {
    throw new AnalyticsError(
      "invalid_arguments",
      `Format "${format}" is not one of ${outputFormats.join(", ")}.`,
    );
  }
  if (values.stage === undefined && (values.workgroup || values.database)) {
    throw new AnalyticsError(
      "invalid_arguments",
      "--workgroup and --database choose where a stage runs; add --stage.",
    );
  }
  if (values.stage !== undefined && values.archive !== undefined) {
    throw new AnalyticsError(
      "invalid_arguments",
      "--archive reads the local archive and --stage reads Athena; " +
        "pass one of them.",
    );
  }

  return {
    query: positionals.join(" ").trim(),
    format,
    help: values.help ?? false,
    stage: values.stage,
    archive: values.archive,
    workgroup: values.workgroup,
    database: values.database,
  };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string" },
      stage: { type: "string" },
      archive: { type: "string" },
      workgroup: { type: "string" },
      database: { type: "string" },
      help: { type: "boolean" },
    },
  });
}

async function execute(
  sql: string,
  args: CommandArgs,
  io: QueryCommandIo,
): Promise<QueryResult> {
  if (args.stage !== undefined) {
    const target = await athenaTarget(
      args.stage,
      io.outputsFile ?? sstOutputsFile,
      { workgroup: args.workgroup, database: args.database },
    );
    const client = io.createAthenaClient?.() ?? new AthenaClient({});
    return runOnAthena(sql, { client, ...target });
  }

  const archiveDirectory = args.archive
    ? resolve(args.archive)
    : await localArchiveDirectory(localDirectory(io.environment));
  return runOnDuckDb(sql, { archiveDirectory });
}

function isOutputFormat(text: string): text is OutputFormat {
  return (outputFormats as readonly string[]).includes(text);
}

// One line: the message of an error we raised, or the kind and first
// line of anything else (an SDK's credentials error, say).
function describe(error: unknown): string {
  if (error instanceof AnalyticsError) {
    return `${error.message} [${error.code}]`;
  }
  if (error instanceof Error) {
    const line = error.message.split("\n")[0] ?? "";
    return error.name === "Error" || error.name === "TypeError"
      ? line
      : `${error.name}: ${line}`;
  }
  return String(error);
}
