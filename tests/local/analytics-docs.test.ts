import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  analyticsErrorCodes,
  athenaMacros,
  listSavedQueries,
} from "../../packages/local/src/analytics";

const root = join(import.meta.dirname, "../..");
let docs: string;

beforeAll(async () => {
  docs = await readFile(join(root, "docs/analytics.md"), "utf8");
});

/** A table row starting with these cells in code spans, padded or not. */
function tableRow(...cells: string[]): RegExp {
  const escaped = cells.map(
    (cell) => `\\| \`${cell.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\` +`,
  );
  return new RegExp(`^${escaped.join("")}\\|`, "m");
}

describe("docs/analytics.md", () => {
  it("shows each macro with the body the code defines", () => {
    for (const macro of athenaMacros) {
      const signature = `${macro.name}(${macro.parameters.join(", ")})`;
      expect(docs).toMatch(tableRow(signature, macro.body));
    }
  });

  it("names every saved query", async () => {
    const queries = await listSavedQueries(join(root, "analytics/queries"));
    for (const query of queries) {
      expect(docs).toMatch(tableRow(query.name));
    }
  });

  it("documents every error code", () => {
    for (const code of analyticsErrorCodes) {
      expect(docs).toMatch(tableRow(code));
    }
  });
});
