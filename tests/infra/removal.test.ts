import { beforeAll, describe, expect, it } from "vitest";
import { type Synthesis, synthesize } from "./harness";

/** The resources that hold data: tables, stream and archive bucket. */
const stateful = [
  "aws:dynamodb/table:Table ChunksTable",
  "aws:dynamodb/table:Table ConnectionsTable",
  "aws:dynamodb/table:Table ConversationsTable",
  "aws:kinesis/stream:Stream ChatStreamStream",
  "aws:s3/bucket:Bucket ArchiveBucket",
];

function kept(synthesis: Synthesis, option: "retainOnDelete" | "protect") {
  return synthesis.resources
    .filter((r) => r.custom && r.options[option])
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}

describe("removal", () => {
  let production: Synthesis;
  let dev: Synthesis;

  beforeAll(async () => {
    [production, dev] = await Promise.all([
      synthesize("production"),
      synthesize("dev"),
    ]);
  }, 180_000);

  it("refuses to remove production", () => {
    expect(production.app).toMatchObject({
      removal: "retain",
      protect: true,
    });
    expect(production.outputs._protect).toBe(true);
  });

  it("retains and protects exactly the data of production", () => {
    expect(kept(production, "retainOnDelete")).toEqual(stateful);
    expect(kept(production, "protect")).toEqual(stateful);
  });

  it("turns on deletion protection for production tables", () => {
    const tables = production.resources.filter(
      (r) => r.type === "aws:dynamodb/table:Table",
    );

    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table.inputs.deletionProtectionEnabled).toBe(true);
    }
  });

  it("removes everything of another stage", () => {
    expect(dev.app).toMatchObject({ removal: "remove", protect: false });
    expect(kept(dev, "retainOnDelete")).toEqual([]);
    expect(kept(dev, "protect")).toEqual([]);
  });
});
