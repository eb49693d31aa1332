import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatResult,
  type QueryResult,
  runQueryCommand,
} from "../../packages/local/src/analytics";
import { writeFixtureArchive } from "./analytics-fixture";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

let directory: string;
let archive: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "analytics-cli-"));
  archive = join(directory, "archive");
  await writeFixtureArchive(archive);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the command line as `npm run query` does, in a child process. */
async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      "npx",
      ["tsx", "packages/local/src/analytics/query-cli.ts", ...args],
      { cwd: root, env: { ...process.env, CHAT_STREAM_LOCAL_DIR: directory } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs the command in this process and collects what it prints. */
async function command(args: string[], environment = process.env) {
  const output = { code: 0, stdout: "", stderr: "" };
  output.code = await runQueryCommand(args, {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    environment,
  });
  return output;
}

describe("query-cli", () => {
  it("prints a saved query's rows as JSON", async () => {
    const { code, stdout, stderr } = await cli([
      "tokens-per-day",
      "--archive",
      archive,
      "--format",
      "json",
    ]);

    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { day: string; messages: number }[];
    expect(rows.map((row) => [row.day, row.messages])).toEqual([
      ["2025-03-01", 26],
      ["2025-03-02", 20],
    ]);
  });

  it("reports an unknown query in one line and exits 1", async () => {
    const { code, stdout, stderr } = await cli(["no-such-query"]);

    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: No saved query is named "no-such-query"/);
    expect(stderr).toMatch(/tokens-per-day\. \[unknown_query\]\n$/);
    expect(stderr.split("\n")).toHaveLength(2);
  });

  it("reports an empty archive in one line and exits 1", async () => {
    const { code, stderr } = await cli([
      "tokens-per-day",
      "--archive",
      join(directory, "nothing"),
    ]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/\[empty_archive\]\n$/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("runQueryCommand", () => {
  it("runs SQL given as several words", async () => {
    const { code, stdout } = await command([
      "SELECT",
      "count(*)",
      "AS",
      "records",
      "FROM",
      "records",
      "WHERE v = 1",
      "--archive",
      archive,
      "--format",
      "csv",
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^records\n\d+\n$/);
  });

  it("finds the archive through the local stack's outputs.json", async () => {
    await writeFile(
      join(directory, "outputs.json"),
      JSON.stringify({ archiveDirectory: archive }),
    );

    const { code, stdout } = await command(["messages-per-user-per-day"], {
      ...process.env,
      CHAT_STREAM_LOCAL_DIR: directory,
    });

    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "day         userid  messages  conversations",
    );
  });

  it("reports an SQL error in one line and exits 1", async () => {
    const { code, stderr } = await command([
      "SELECT nope FROM records",
      "--archive",
      archive,
    ]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Binder Error: .*\[sql_error\]\n$/);
  });

  it("exits 2 for a wrong command line", async () => {
    const format = await command(["tokens-per-day", "--format", "xml"]);
    const flag = await command(["tokens-per-day", "--bogus"]);
    const mixed = await command(["x", "--stage", "dev", "--archive", "a"]);

    for (const output of [format, flag, mixed]) {
      expect(output.code).toBe(2);
      expect(output.stderr).toMatch(/^error: .*\[invalid_arguments\]\n$/);
    }
  });

  it("lists the saved queries when given none", async () => {
    const { code, stderr } = await command([]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      "Saved queries:\n  chunks-per-conversation-per-day: ",
    );
  });
});

describe("formatResult", () => {
  const result: QueryResult = {
    columns: [
      { name: "day", kind: "text", type: "VARCHAR" },
      { name: "messages", kind: "number", type: "BIGINT" },
      { name: "note", kind: "text", type: "VARCHAR" },
    ],
    rows: [
      ["2025-03-01", 26, 'say "hi", then go'],
      ["2025-03-02", 7, null],
    ],
  };

  it("aligns a table with numbers on the right", () => {
    expect(formatResult(result, "table")).toBe(
      [
        "day         messages  note",
        "----------  --------  -----------------",
        '2025-03-01        26  say "hi", then go',
        "2025-03-02         7  NULL",
        "(2 rows)",
      ].join("\n"),
    );
  });

  it("quotes CSV fields that need it and leaves nulls empty", () => {
    expect(formatResult(result, "csv")).toBe(
      'day,messages,note\n2025-03-01,26,"say ""hi"", then go"\n2025-03-02,7,',
    );
  });

  it("writes JSON objects with numbers and nulls", () => {
    expect(JSON.parse(formatResult(result, "json"))).toEqual([
      { day: "2025-03-01", messages: 26, note: 'say "hi", then go' },
      { day: "2025-03-02", messages: 7, note: null },
    ]);
  });
});
