/**
 * What a synthesis of the app records, and the queries tests make on it.
 * A synthesis is one run of `sst.config.ts` against Pulumi mocks: every
 * resource the app registers, with its inputs resolved, and no cloud.
 */

/** A resource as the app registered it. */
export interface SynthesizedResource {
  /** Pulumi type token, e.g. `aws:dynamodb/table:Table`. */
  type: string;
  /** Logical name, e.g. `ConnectionsTable`. */
  name: string;
  /** True for a custom resource, false for a component. */
  custom: boolean;
  /** True when the app only read an existing resource (`X.get`). */
  read: boolean;
  /** Inputs with every output resolved. */
  inputs: Record<string, unknown>;
  /** What the mocks answered: the inputs plus made-up ids and ARNs. */
  state: Record<string, unknown>;
  /** Resource options that decide what a removal does. */
  options: { retainOnDelete: boolean; protect: boolean };
}

/** One function build SST asked the CLI for. */
export interface FunctionBuild {
  /** The SST function's name, e.g. `ApiRouteChatHandler`. */
  functionID: string;
  handler: string;
  runtime: string;
  /** `Resource.X` properties the function receives, by link name. */
  links: Record<string, Record<string, unknown>>;
}

/** Everything one synthesis of a stage recorded. */
export interface Synthesis {
  stage: string;
  /** `$app` as SST computes it from `app()`. */
  app: Record<string, unknown>;
  /** What `run()` returned, resolved. */
  outputs: Record<string, unknown>;
  resources: SynthesizedResource[];
  builds: FunctionBuild[];
}

/** Every custom resource of one type. */
export function resourcesOfType(
  synthesis: Synthesis,
  type: string,
): SynthesizedResource[] {
  return synthesis.resources.filter((r) => r.custom && r.type === type);
}

/**
 * The one resource of a type and logical name.
 *
 * @throws {Error} when there is none, naming what exists of that type
 */
export function resource(
  synthesis: Synthesis,
  type: string,
  name: string,
): SynthesizedResource {
  const all = resourcesOfType(synthesis, type);
  const found = all.find((r) => r.name === name);
  if (found) return found;

  const names = all.map((r) => r.name).join(", ") || "none";
  throw new Error(`No ${type} named "${name}"; there are: ${names}.`);
}

/**
 * The build of the function whose handler is in one file of
 * `packages/functions/src`.
 *
 * @throws {Error} when no function or several use that handler
 */
export function buildOf(synthesis: Synthesis, file: string): FunctionBuild {
  const handler = `packages/functions/src/${file}.handler`;
  const builds = synthesis.builds.filter((b) => b.handler === handler);
  if (builds.length !== 1) {
    throw new Error(
      `Expected one function for "${handler}", not ${builds.length}.`,
    );
  }
  return builds[0] as FunctionBuild;
}
