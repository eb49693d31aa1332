import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerThroughDrops,
  type ResumedAnswer,
} from "../support/drop-and-resume";
import { startTestStack, type TestStack } from "../support/local-stack";
import { seededRandom, testSeed } from "../support/random";

const seed = testSeed();
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack(
    { model: { provider: "local", delayMs: 8 } },
    { deliveryFailureRate: 0.3, random: seededRandom(seed ^ 0x5eed) },
  );
});

afterAll(async () => {
  await stack?.close();
});

describe(`resume after dropped sockets, with delivery failing (TEST_SEED=${seed})`, () => {
  it("assembles every answer exactly, with no seq seen twice", async () => {
    // Twelve answers, three at a time: on two cores, more at once make
    // the generator coalesce so much that an answer is only a few frames.
    const random = seededRandom(seed);
    const answers: ResumedAnswer[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const users = [0, 1, 2].map((i) => wave * 3 + i);
      answers.push(
        ...(await Promise.all(
          users.map((user) =>
            answerThroughDrops(
              stack,
              `user-${user}`,
              `question ${user} #words=${60 + Math.floor(random() * 80)}`,
              seededRandom(seed + user),
              5,
            ),
          ),
        )),
      );
    }

    for (const answer of answers) {
      expect(answer.repeats).toEqual([]);
      expect(answer.chunks.map((c) => c.seq)).toEqual(
        answer.chunks.map((_, i) => i),
      );
      expect(answer.chunks.at(-1)?.chunk.type).toBe("finish");
      expect(answer.stored.status).toBe("complete");
      expect(answer.text).toBe(answer.stored.text);
      expect(answer.stored.lastSeq).toBe(answer.chunks.length - 1);
    }
    expect(answers.reduce((n, a) => n + a.drops, 0)).toBeGreaterThan(12);
  });
});
