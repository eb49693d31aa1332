import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersThroughDrops } from "../support/drop-and-resume";
import { expectExactAnswers } from "../support/expect-exact-answers";
import { startTestStack, type TestStack } from "../support/local-stack";
import { seededRandom, testSeed } from "../support/random";

const seed = testSeed();
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ model: { provider: "local", delayMs: 8 } });
});

afterAll(async () => {
  await stack?.close();
});

describe(`resume after dropped sockets (TEST_SEED=${seed})`, () => {
  it("assembles every answer exactly, with no seq seen twice", async () => {
    const answers = await answersThroughDrops(stack, seed, seededRandom(seed));
    expectExactAnswers(answers);
    expect(answers.reduce((n, a) => n + a.drops, 0)).toBeGreaterThan(12);
  });
});
