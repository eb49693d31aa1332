/** What the harness tells a synthesis child process. */
export interface RunnerInput {
  stage: string;
  root: string;
  /** Where to write the `Synthesis`, or `{ error }` on failure. */
  out: string;
  /** Secret values, as `sst secret set` would have stored them. */
  secrets: Record<string, string>;
}

/** The environment variable that carries the {@link RunnerInput} as JSON. */
export const runnerInputVariable = "INFRA_TEST_INPUT";
