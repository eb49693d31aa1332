import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersThroughDrops } from "../support/drop-and-resume";
import { expectExactAnswers } from "../support/expect-exact-answers";
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

describe(`resume under delivery faults (TEST_SEED=${seed})`, () => {
  it("assembles every answer exactly while delivery fails part of its batches", async () => {
    const answers = await answersThroughDrops(stack, seed, seededRandom(seed));
    expectExactAnswers(answers);
    expect(answers.reduce((n, a) => n + a.drops, 0)).toBeGreaterThan(12);
  });
});
