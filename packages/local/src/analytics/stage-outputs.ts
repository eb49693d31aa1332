import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { AnalyticsError } from "./errors";
import { projectRoot } from "./project-paths";

/** Where a query runs on Athena. */
export interface AthenaTarget {
  workgroup: string;
  database: string;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The local archive folder: `archiveDirectory` in the local stack's
 * `outputs.json` when it is there (a relative path is taken from the
 * repository root), else `<localDirectory>/archive`.
 */
export async function localArchiveDirectory(
  localDirectory: string,
): Promise<string> {
  const outputs = await readJson(join(localDirectory, "outputs.json"));
  const configured = outputs.archiveDirectory;

  if (typeof configured === "string" && configured !== "") {
    return isAbsolute(configured)
      ? configured
      : resolve(projectRoot, configured);
  }
  return join(localDirectory, "archive");
}

/**
 * The workgroup and database of a deployed stage: flags win, else the
 * keys `athenaWorkgroup` and `athenaDatabase` of SST's outputs file.
 *
 * @throws {AnalyticsError} `missing_stage_outputs` when neither has them.
 */
export async function athenaTarget(
  stage: string,
  outputsFile: string,
  flags: Partial<AthenaTarget>,
): Promise<AthenaTarget> {
  const outputs = await readJson(outputsFile);
  const workgroup =
    flags.workgroup ?? stringOrUndefined(outputs.athenaWorkgroup);
  const database = flags.database ?? stringOrUndefined(outputs.athenaDatabase);

  if (workgroup && database) {
    return { workgroup, database };
  }
  throw new AnalyticsError(
    "missing_stage_outputs",
    `No Athena workgroup and database for stage "${stage}" in ` +
      `${outputsFile}; deploy the stage (npx sst deploy --stage ${stage}) ` +
      "or pass --workgroup and --database.",
  );
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
