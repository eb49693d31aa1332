import { expect } from "vitest";
import type { ResumedAnswer } from "./drop-and-resume";

/**
 * Each answer a client assembled is the stored final text, seq 0 to
 * `finish` with no gap, and no seq reached it twice.
 */
export function expectExactAnswers(answers: ResumedAnswer[]): void {
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
}
