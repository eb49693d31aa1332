import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnDuckDb } from "../../packages/local/src/analytics";
import { startTestStack, type TestStack } from "../support/local-stack";
import { streamRecords } from "../support/stream-records";

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Every object of the local archive, by key, as its lines. */
async function archiveObjects(): Promise<Map<string, string[]>> {
  const root = stack.outputs.archiveDirectory;
  const objects = new Map<string, string[]>();
  // The folder appears with the first object.
  const files = await readdir(root, {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  for (const file of files.filter((entry) => entry.isFile())) {
    const path = join(file.parentPath, file.name);
    const text = gunzipSync(await readFile(path)).toString("utf8");
    objects.set(relative(root, path), text.split(/(?<=\n)/));
  }
  return objects;
}

describe("the archive", () => {
  it("holds exactly the streamed records, under the Glue table's layout", async () => {
    const plan = { ann: 2, ben: 1, cat: 3 };
    for (const [userId, count] of Object.entries(plan)) {
      const client = await stack.connect(userId);
      let conversationId: string | undefined;
      for (let i = 0; i < count; i++) {
        const accepted = await client.chat(`q${i} #words=20`, conversationId);
        conversationId = accepted.conversationId;
        await client.answer(accepted.messageId);
      }
    }
    const streamed = await streamRecords(stack.outputs);

    let objects = new Map<string, string[]>();
    for (let attempt = 0; attempt < 50; attempt++) {
      await stack.flushArchive();
      objects = await archiveObjects();
      const lines = [...objects.values()].flat().length;
      if (lines >= streamed.length) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const archived = [...objects.values()].flat();
    expect(archived.sort()).toEqual([...streamed].sort());

    const today = new Date().toISOString().slice(0, 10);
    for (const key of objects.keys()) {
      expect(key).toMatch(
        new RegExp(
          `^records/dt=${today}/chat-stream-local-Archive-1-` +
            "\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}\\.gz$",
        ),
      );
    }

    const sql = await readFile(
      join(
        import.meta.dirname,
        "../../analytics/queries/messages-per-user-per-day.sql",
      ),
      "utf8",
    );
    const result = await runOnDuckDb(sql, {
      archiveDirectory: stack.outputs.archiveDirectory,
    });
    expect(
      result.rows.map((row) => [row[1], Number(row[2]), Number(row[3])]),
    ).toEqual([
      ["ann", 2, 1],
      ["ben", 1, 1],
      ["cat", 3, 1],
    ]);
  });
});
