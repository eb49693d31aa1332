import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listSavedQueries,
  runQueryCommand,
} from "../../packages/local/src/analytics";
import {
  type Fixture,
  type FixtureMessage,
  writeFixtureArchive,
} from "./analytics-fixture";

// Every saved query runs through the command, as `npm run query` does,
// and its rows are compared with numbers computed here from the
// messages the fixture generated, not from the archive.

let directory: string;
let fixture: Fixture;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "analytics-queries-"));
  fixture = await writeFixtureArchive(directory);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

async function query(name: string): Promise<Row[]> {
  let stdout = "";
  let stderr = "";
  const code = await runQueryCommand(
    [name, "--archive", directory, "--format", "json"],
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
  );
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout) as Row[];
}

function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Groups messages by a key, keeping keys sorted as ORDER BY does. */
function groupBy(
  messages: readonly FixtureMessage[],
  key: (message: FixtureMessage) => string,
): [string, FixtureMessage[]][] {
  const groups = new Map<string, FixtureMessage[]>();
  for (const message of messages) {
    const group = groups.get(key(message)) ?? [];
    group.push(message);
    groups.set(key(message), group);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Athena's approx_percentile on a small group: its t-digest keeps each
 * value as a centroid of its own and answers with the value at 0-based
 * rank floor(p·n). The per-mille form keeps 0.9 × 20 at exactly 18.
 */
function athenaPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.floor((Math.round(p * 1000) * sorted.length) / 1000);
  return sorted[Math.min(rank, sorted.length - 1)] ?? Number.NaN;
}

function percentiles(values: readonly number[], prefix: string): Row {
  return {
    [`${prefix}p50_ms`]: athenaPercentile(values, 0.5),
    [`${prefix}p90_ms`]: athenaPercentile(values, 0.9),
    [`${prefix}p99_ms`]: athenaPercentile(values, 0.99),
  };
}

const firstOf = (message: FixtureMessage, type: string) =>
  message.chunks.find((chunk) => chunk.chunk.type === type)?.receivedAt;

describe("saved queries on the local archive", () => {
  it("are the six the product needs, each with a description", async () => {
    const queries = await listSavedQueries(
      join(import.meta.dirname, "../../analytics/queries"),
    );

    expect(queries.map((query) => query.name)).toEqual([
      "chunks-per-conversation-per-day",
      "ended-abnormally",
      "inter-chunk-gap",
      "messages-per-user-per-day",
      "time-to-first-chunk",
      "tokens-per-day",
    ]);
    for (const query of queries) {
      expect(query.sql.startsWith(`-- ${query.description}`)).toBe(true);
      expect(query.description.length).toBeGreaterThan(20);
      expect(query.description.length).toBeLessThanOrEqual(1024);
    }
  });

  it("exercise a day-one message archived under the next day", () => {
    const late = fixture.objects.find(
      (object) =>
        object.key.startsWith("records/dt=2025-03-02/") &&
        object.records.some(
          (record) => dayOf(record.startedAt) === "2025-03-01",
        ),
    );
    expect(late).toBeDefined();
  });

  it("chunks-per-conversation-per-day counts each chunk once", async () => {
    const expected = groupBy(
      fixture.messages,
      (m) => `${dayOf(m.startedAt)} ${m.conversationId}`,
    ).map(([key, messages]) => ({
      day: key.split(" ")[0],
      conversationid: key.split(" ")[1],
      messages: messages.length,
      chunks: messages.reduce((sum, m) => sum + m.chunks.length, 0),
      output_tokens: messages.reduce(
        (sum, m) => sum + (m.usage?.outputTokens ?? 0),
        0,
      ),
    }));

    expect(await query("chunks-per-conversation-per-day")).toEqual(expected);
  });

  it("tokens-per-day sums the usage of finished answers", async () => {
    const expected = groupBy(fixture.messages, (m) => dayOf(m.startedAt)).map(
      ([day, messages]) => {
        const sum = (pick: (m: FixtureMessage) => number | undefined) =>
          messages.reduce((total, m) => total + (pick(m) ?? 0), 0);
        return {
          day,
          messages: messages.length,
          messages_with_usage: messages.filter((m) => m.usage).length,
          input_tokens: sum((m) => m.usage?.inputTokens),
          output_tokens: sum((m) => m.usage?.outputTokens),
          total_tokens: sum((m) => m.usage?.totalTokens),
        };
      },
    );

    expect(await query("tokens-per-day")).toEqual(expected);
  });

  it("time-to-first-chunk reports Athena's percentiles", async () => {
    const expected = groupBy(fixture.messages, (m) => dayOf(m.startedAt)).map(
      ([day, messages]) => {
        const firstChunk = messages.map(
          (m) => (m.chunks[0]?.receivedAt ?? 0) - m.startedAt,
        );
        const firstText = messages.flatMap((m) => {
          const at = firstOf(m, "text-delta");
          return at === undefined ? [] : [at - m.startedAt];
        });
        return {
          day,
          messages: messages.length,
          ...percentiles(firstChunk, "first_chunk_"),
          messages_with_text: firstText.length,
          ...percentiles(firstText, "first_text_"),
        };
      },
    );

    expect(await query("time-to-first-chunk")).toEqual(expected);
  });

  it("inter-chunk-gap reports Athena's percentiles of gaps", async () => {
    const expected = groupBy(fixture.messages, (m) => dayOf(m.startedAt)).map(
      ([day, messages]) => {
        const gaps = messages.flatMap((m) =>
          m.chunks
            .slice(1)
            .map(
              (chunk, i) => chunk.receivedAt - (m.chunks[i]?.receivedAt ?? 0),
            ),
        );
        return {
          day,
          gaps: gaps.length,
          ...percentiles(gaps, ""),
          max_ms: Math.max(...gaps),
        };
      },
    );

    expect(await query("inter-chunk-gap")).toEqual(expected);
  });

  it("ended-abnormally counts aborted and failed answers", async () => {
    const expected = groupBy(fixture.messages, (m) => dayOf(m.startedAt)).map(
      ([day, messages]) => {
        const count = (ending: string) =>
          messages.filter((m) => m.ending === ending).length;
        const abnormal = count("aborted") + count("errored");
        return {
          day,
          answers: messages.length,
          aborted: count("aborted"),
          errored: count("errored"),
          ended_abnormally: abnormal,
          abnormal_rate: Math.round((abnormal / messages.length) * 1e4) / 1e4,
        };
      },
    );

    const rows = await query("ended-abnormally");
    expect(rows).toEqual(
      expected.map((row) => ({
        ...row,
        abnormal_rate: expect.closeTo(row.abnormal_rate, 9),
      })),
    );
    expect(expected.every((row) => row.aborted > 0 && row.errored > 0)).toBe(
      true,
    );
  });

  it("messages-per-user-per-day counts both per user", async () => {
    const expected = groupBy(
      fixture.messages,
      (m) => `${dayOf(m.startedAt)} ${m.userId}`,
    ).map(([key, messages]) => ({
      day: key.split(" ")[0],
      userid: key.split(" ")[1],
      messages: messages.length,
      conversations: new Set(messages.map((m) => m.conversationId)).size,
    }));

    expect(await query("messages-per-user-per-day")).toEqual(expected);
  });
});
