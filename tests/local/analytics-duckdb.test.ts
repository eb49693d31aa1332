import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { athenaMacros, runOnDuckDb } from "../../packages/local/src/analytics";
import { writeArchiveObject } from "../../packages/local/src/archive";

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "analytics-duckdb-"));
  const lines = [
    '{"v":1,"conversationId":"c-1","messageId":"m-1","userId":"u-1",' +
      '"startedAt":1740787200000,"producedAt":1740787200900,' +
      '"chunks":[{"seq":0,"receivedAt":1740787200500,' +
      '"chunk":{"type":"start","messageMetadata":{"Model":"x"}}}]}',
    "not json",
    '{"v":1,"conversationId":"c-2","messageId":"m-2","userId":"u-1",' +
      '"startedAt":"late","producedAt":1,"chunks":[]}',
  ];
  await writeArchiveObject(
    directory,
    "records/dt=2025-03-01/test-1-2025-03-01-00-00-00-a.gz",
    lines.map((line) => Buffer.from(`${line}\n`)),
  );
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function rows(sql: string) {
  return (await runOnDuckDb(sql, { archiveDirectory: directory })).rows;
}

describe("the records view", () => {
  it("has the Glue table's columns with its types", async () => {
    const result = await runOnDuckDb("SELECT * FROM records LIMIT 0", {
      archiveDirectory: directory,
    });

    expect(result.columns.map(({ name, type }) => [name, type])).toEqual([
      ["v", "INTEGER"],
      ["conversationid", "VARCHAR"],
      ["messageid", "VARCHAR"],
      ["userid", "VARCHAR"],
      ["startedat", "BIGINT"],
      ["producedat", "BIGINT"],
      [
        "chunks",
        'STRUCT("seq" INTEGER, "receivedat" BIGINT, "chunk" VARCHAR)[]',
      ],
      ["dt", "VARCHAR"],
    ]);
  });

  it("reads a nested chunk as JSON text with its keys' case", async () => {
    expect(
      await rows(
        "SELECT messageid, chunks[1].receivedat, chunks[1].chunk, dt " +
          "FROM records WHERE v = 1 AND messageid = 'm-1'",
      ),
    ).toEqual([
      [
        "m-1",
        1740787200500,
        '{"type":"start","messageMetadata":{"Model":"x"}}',
        "2025-03-01",
      ],
    ]);
  });

  it("reads a line that is not JSON, or a bad field, as nulls", async () => {
    expect(
      await rows(
        "SELECT v, messageid, startedat FROM records ORDER BY messageid",
      ),
    ).toEqual([
      [1, "m-1", 1740787200000],
      [1, "m-2", null],
      [null, null, null],
    ]);
  });
});

describe("the Athena macros", () => {
  it("approx_percentile gives the value at rank floor(p·n)", async () => {
    // What Athena's t-digest returns for groups this small; DuckDB's
    // quantile_disc would give 2, 5 and 9 instead.
    expect(
      await rows(
        `SELECT ${[
          "(SELECT approx_percentile(x, 0.5) FROM range(1, 5) AS t (x))",
          "(SELECT approx_percentile(x, 0.5) FROM range(1, 11) AS t (x))",
          "(SELECT approx_percentile(x, 0.9) FROM range(1, 11) AS t (x))",
        ].join(", ")}`,
      ),
    ).toEqual([[3, 6, 10]]);
  });

  it("approx_percentile skips nulls and is null for no values", async () => {
    expect(
      await rows(
        "SELECT approx_percentile(x, 0.99), " +
          "approx_percentile(CASE WHEN x > 9 THEN x END, 0.5) " +
          "FROM (VALUES (1), (NULL), (3)) AS t (x)",
      ),
    ).toEqual([[3, null]]);
  });

  it("json_extract_scalar returns scalars only, as Athena does", async () => {
    expect(
      await rows(
        "SELECT json_extract_scalar(j, '$.a.b'), " +
          "json_extract_scalar(j, '$.a'), " +
          "json_extract_scalar(j, '$.n'), " +
          "json_extract_scalar(j, '$.t'), " +
          "json_extract_scalar('not json', '$.a') " +
          `FROM (SELECT '{"a":{"b":7},"n":null,"t":true}' AS j)`,
      ),
    ).toEqual([["7", null, null, "true", null]]);
  });

  it("from_unixtime and date_format give UTC dates and times", async () => {
    expect(
      await rows(
        "SELECT date_format(from_unixtime(1740873599999 / 1000), " +
          "'%Y-%m-%d %H:%i:%s')",
      ),
    ).toEqual([["2025-03-01 23:59:59"]]);
  });

  it("sequence and cardinality reach array elements by position", async () => {
    expect(
      await rows(
        "SELECT i, a[i] FROM (SELECT ['x', 'y'] AS a) AS r " +
          "CROSS JOIN UNNEST(sequence(1, cardinality(r.a))) AS t (i) " +
          "ORDER BY i",
      ),
    ).toEqual([
      [1, "x"],
      [2, "y"],
    ]);
  });

  it("lists each macro with what differs from Athena", () => {
    expect(athenaMacros.map((macro) => macro.name)).toEqual([
      "approx_percentile",
      "json_extract_scalar",
      "from_unixtime",
      "date_format",
      "sequence",
      "cardinality",
    ]);
    for (const macro of athenaMacros) {
      expect(macro.difference).not.toBe("");
    }
  });
});

describe("runOnDuckDb errors", () => {
  it("rejects with empty_archive when there is no object yet", async () => {
    const empty = await mkdtemp(join(tmpdir(), "analytics-empty-"));
    await mkdir(join(empty, "records", "dt=2025-03-01"), { recursive: true });

    await expect(
      runOnDuckDb("SELECT 1", { archiveDirectory: empty }),
    ).rejects.toMatchObject({ code: "empty_archive" });
    await rm(empty, { recursive: true });
  });

  it("rejects with sql_error and DuckDB's first line", async () => {
    const failing = runOnDuckDb("SELECT nope FROM records", {
      archiveDirectory: directory,
    });

    await expect(failing).rejects.toMatchObject({ code: "sql_error" });
    await expect(failing).rejects.toThrow(/^Binder Error: .*nope/);
    await expect(failing).rejects.not.toThrow(/\n/);
  });
});
