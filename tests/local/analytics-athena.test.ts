import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  type Row,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandOutput,
} from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AthenaQueryClient,
  athenaTarget,
  runOnAthena,
  runQueryCommand,
} from "../../packages/local/src/analytics";

type AthenaCommand =
  | StartQueryExecutionCommand
  | GetQueryExecutionCommand
  | GetQueryResultsCommand;

const metadata = { $metadata: {} };

const row = (...values: (string | undefined)[]): Row => ({
  Data: values.map((value) =>
    value === undefined ? {} : { VarCharValue: value },
  ),
});

/**
 * Athena as far as one query goes: it hands out an id, reports the
 * scripted states one status call at a time, and serves result pages
 * whose first row is the header, as Athena does for a SELECT.
 */
class FakeAthena implements AthenaQueryClient {
  readonly calls: AthenaCommand[] = [];
  readonly #states: QueryExecutionState[];
  readonly #pages: Row[][];
  readonly #reason: string | undefined;

  constructor(options: {
    states: QueryExecutionState[];
    pages?: Row[][];
    reason?: string;
  }) {
    this.#states = options.states;
    this.#pages = options.pages ?? [];
    this.#reason = options.reason;
  }

  send(
    command: StartQueryExecutionCommand,
  ): Promise<StartQueryExecutionCommandOutput>;
  send(
    command: GetQueryExecutionCommand,
  ): Promise<GetQueryExecutionCommandOutput>;
  send(command: GetQueryResultsCommand): Promise<GetQueryResultsCommandOutput>;
  async send(
    command: AthenaCommand,
  ): Promise<
    | StartQueryExecutionCommandOutput
    | GetQueryExecutionCommandOutput
    | GetQueryResultsCommandOutput
  > {
    this.calls.push(command);

    if (command instanceof StartQueryExecutionCommand) {
      return { ...metadata, QueryExecutionId: "query-1" };
    }
    if (command instanceof GetQueryExecutionCommand) {
      const state = this.#states.shift() ?? "SUCCEEDED";
      return {
        ...metadata,
        QueryExecution: {
          QueryExecutionId: "query-1",
          StatementType: "DML",
          Status: { State: state, StateChangeReason: this.#reason },
        },
      };
    }

    const index = Number(command.input.NextToken ?? "0");
    return {
      ...metadata,
      ResultSet: {
        Rows: this.#pages[index] ?? [],
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: "day", Label: "day", Type: "varchar" },
            { Name: "messages", Label: "messages", Type: "bigint" },
            { Name: "rate", Label: "rate", Type: "double" },
          ],
        },
      },
      NextToken: index + 1 < this.#pages.length ? String(index + 1) : undefined,
    };
  }
}

const noSleep = async () => {};

describe("runOnAthena", () => {
  it("polls until the query succeeds and reads every page", async () => {
    const athena = new FakeAthena({
      states: ["QUEUED", "RUNNING", "SUCCEEDED"],
      pages: [
        [row("day", "messages", "rate"), row("2025-03-01", "26", "0.1923")],
        [row("2025-03-02", "20", undefined)],
      ],
    });

    const result = await runOnAthena("SELECT 1", {
      client: athena,
      workgroup: "chat-stream-dev",
      database: "chat_stream_dev",
      sleep: noSleep,
    });

    expect(result.rows).toEqual([
      ["2025-03-01", 26, 0.1923],
      ["2025-03-02", 20, null],
    ]);
    expect(result.columns.map((column) => column.kind)).toEqual([
      "text",
      "number",
      "number",
    ]);

    const start = athena.calls[0];
    expect(start).toBeInstanceOf(StartQueryExecutionCommand);
    expect(start?.input).toEqual({
      QueryString: "SELECT 1",
      WorkGroup: "chat-stream-dev",
      QueryExecutionContext: { Database: "chat_stream_dev" },
    });
    expect(
      athena.calls.filter((call) => call instanceof GetQueryExecutionCommand),
    ).toHaveLength(3);
    expect(
      athena.calls.filter((call) => call instanceof GetQueryResultsCommand),
    ).toHaveLength(2);
  });

  it("rejects with athena_query_failed and Athena's reason", async () => {
    const athena = new FakeAthena({
      states: ["RUNNING", "FAILED"],
      reason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    });

    const running = runOnAthena("SELECT nope", {
      client: athena,
      workgroup: "w",
      database: "d",
      sleep: noSleep,
    });

    await expect(running).rejects.toMatchObject({
      code: "athena_query_failed",
      message: expect.stringContaining("failed: COLUMN_NOT_FOUND"),
    });
  });

  it("rejects a cancelled query", async () => {
    const athena = new FakeAthena({ states: ["CANCELLED"] });

    await expect(
      runOnAthena("SELECT 1", {
        client: athena,
        workgroup: "w",
        database: "d",
        sleep: noSleep,
      }),
    ).rejects.toThrow(/cancelled/);
  });
});

describe("athenaTarget", () => {
  let directory: string;
  let outputsFile: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "analytics-athena-"));
    outputsFile = join(directory, "outputs.json");
    await writeFile(
      outputsFile,
      JSON.stringify({ athenaWorkgroup: "wg-dev", athenaDatabase: "db_dev" }),
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("reads the workgroup and database from SST's outputs", async () => {
    expect(await athenaTarget("dev", outputsFile, {})).toEqual({
      workgroup: "wg-dev",
      database: "db_dev",
    });
  });

  it("lets flags win over the outputs", async () => {
    expect(
      await athenaTarget("dev", outputsFile, { database: "other" }),
    ).toEqual({ workgroup: "wg-dev", database: "other" });
  });

  it("rejects with missing_stage_outputs when nothing names them", async () => {
    await expect(
      athenaTarget("dev", join(directory, "absent.json"), {}),
    ).rejects.toMatchObject({ code: "missing_stage_outputs" });
  });

  it("runs a saved query on Athena through the command", async () => {
    const athena = new FakeAthena({
      states: ["SUCCEEDED"],
      pages: [[row("day", "messages", "rate"), row("2025-03-01", "3", "1")]],
    });
    let stdout = "";

    const code = await runQueryCommand(
      ["tokens-per-day", "--stage", "dev", "--format", "csv"],
      {
        stdout: (text) => {
          stdout += text;
        },
        stderr: () => {},
        outputsFile,
        createAthenaClient: () => athena,
      },
    );

    expect(code).toBe(0);
    expect(stdout).toBe("day,messages,rate\n2025-03-01,3,1\n");
    const start = athena.calls[0] as StartQueryExecutionCommand;
    expect(start.input.QueryString).toMatch(
      /^-- Messages and input, output and total tokens per day/,
    );
    expect(start.input.WorkGroup).toBe("wg-dev");
  });
});
