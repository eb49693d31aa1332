import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseQueryFile, readQueryFiles } from "../../infra/query-files";

describe("parseQueryFile", () => {
  it("names the query after the file", () => {
    expect(parseQueryFile("daily-volume.sql", "SELECT 1").name).toBe(
      "daily-volume",
    );
  });

  it("describes the query with a leading comment line", () => {
    const text = "-- Messages per day.\n-- More detail.\nSELECT 1\n";

    expect(parseQueryFile("q.sql", text)).toEqual({
      name: "q",
      description: "Messages per day.",
      query: "-- Messages per day.\n-- More detail.\nSELECT 1",
    });
  });

  it("leaves a query without a leading comment undescribed", () => {
    const query = parseQueryFile("q.sql", "SELECT 1 -- inline\n");

    expect(query).toEqual({ name: "q", query: "SELECT 1 -- inline" });
  });
});

describe("readQueryFiles", () => {
  const dirs: string[] = [];

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true });
  });

  function tempDir() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "query-files-"));
    dirs.push(dir);
    return dir;
  }

  it("reads the .sql files of a folder, sorted by name", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "b.sql"), "SELECT 2");
    writeFileSync(path.join(dir, "a.sql"), "SELECT 1");
    writeFileSync(path.join(dir, "notes.md"), "not a query");
    mkdirSync(path.join(dir, "nested.sql"));

    expect(readQueryFiles(dir).map((q) => q.name)).toEqual(["a", "b"]);
  });

  it("returns no queries for a missing folder", () => {
    expect(readQueryFiles(path.join(tempDir(), "missing"))).toEqual([]);
  });
});
