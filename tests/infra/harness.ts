/**
 * Synthesizes the app for a stage, offline: bundles `sst.config.ts` as the
 * SST CLI does, runs it in a child Node process against Pulumi mocks and
 * returns every resource it registered. No AWS account, no Pulumi CLI.
 *
 * A child process keeps Pulumi's global state, and SST's link wraps and
 * transforms, from leaking between stages or into the test process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundleApp } from "./bundle";
import { ensurePlatform } from "./platform";
import { type RunnerInput, runnerInputVariable } from "./runner-input";
import type { Synthesis } from "./synthesis";

export * from "./synthesis";

/** The repo root. */
export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

/** Secrets a deploy would find set with `sst secret set`. */
const secrets = { TokenSecret: "infra-test-token-secret" };

const syntheses = new Map<string, Promise<Synthesis>>();

/**
 * The app as it would deploy to a stage. Each stage runs once per test
 * file; later calls share the result.
 *
 * @param stage - the SST stage, e.g. `dev` or `production`
 */
export function synthesize(stage: string): Promise<Synthesis> {
  let synthesis = syntheses.get(stage);
  if (!synthesis) {
    synthesis = runStage(stage);
    syntheses.set(stage, synthesis);
  }
  return synthesis;
}

async function runStage(stage: string): Promise<Synthesis> {
  await ensurePlatform(root);
  const bundlePath = await bundle(stage);

  const dir = mkdtempSync(path.join(os.tmpdir(), "infra-synthesis-"));
  const out = path.join(dir, "synthesis.json");
  const input: RunnerInput = { stage, root, out, secrets };

  try {
    // A failed child still writes its error to `out`; stderr is the
    // fallback for one that could not even start.
    const stderr = await promisify(execFile)(process.execPath, [bundlePath], {
      cwd: root,
      env: { ...process.env, [runnerInputVariable]: JSON.stringify(input) },
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      () => "",
      (error: { stderr?: string }) => error.stderr ?? String(error),
    );
    return readResult(out, stage, stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundlePath, { force: true });
  }
}

/**
 * Bundles the app into `.sst/platform` (see `bundle.ts`), one file per
 * run: parallel test files and stages never share one.
 */
async function bundle(stage: string): Promise<string> {
  const name = `infra-test.${process.pid}.${stage}.mjs`;
  const outfile = path.join(root, ".sst", "platform", name);

  await bundleApp(root, outfile);
  return outfile;
}

function readResult(out: string, stage: string, stderr: string): Synthesis {
  let text: string;
  try {
    text = readFileSync(out, "utf8");
  } catch {
    throw new Error(
      `Synthesis of stage "${stage}" wrote no result.\n${stderr}`,
    );
  }

  const result = JSON.parse(text) as Synthesis | { error: string };
  if ("error" in result) {
    throw new Error(`Synthesis of stage "${stage}" failed:\n${result.error}`);
  }
  return result;
}
