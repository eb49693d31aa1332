/**
 * The program of a synthesis child process. `bundle.ts` bundles it with
 * `sst.config.ts` the way the SST CLI bundles a config, and it then plays
 * the CLI's part: it answers the CLI's JSON-RPC calls, sets `$app` and
 * `$cli`, installs Pulumi mocks and runs the app once, recording every
 * resource. Its only output is a JSON file, written for `harness.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockRegion, mockState } from "./mocks";
import { type RunnerInput, runnerInputVariable } from "./runner-input";
import type {
  FunctionBuild,
  Synthesis,
  SynthesizedResource,
} from "./synthesis";

/** The default export of `sst.config.ts`, as far as the runner uses it. */
export interface AppConfig {
  app(input: { stage: string }): unknown;
  run(): Promise<unknown>;
}

/** SST's `auto/run.ts`: sets up its transformations, then runs the app. */
export type SstRun = (program: () => Promise<unknown>) => Promise<unknown>;

type Recorded = Omit<SynthesizedResource, "options">;

/**
 * Synthesizes the app for one stage and writes the result, then exits;
 * an error anywhere, an apply callback included, fails the run.
 */
export async function synthesizeApp(config: AppConfig, run: SstRun) {
  const input = JSON.parse(
    process.env[runnerInputVariable] ?? "",
  ) as RunnerInput;

  const fail = (error: unknown) => {
    const message = error instanceof Error ? error.stack : String(error);
    writeFileSync(input.out, JSON.stringify({ error: message }));
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);

  try {
    const synthesis = await synthesize(config, run, input);
    writeFileSync(input.out, JSON.stringify(synthesis));
    process.exit(0);
  } catch (error) {
    fail(error);
  }
}

async function synthesize(
  config: AppConfig,
  run: SstRun,
  input: RunnerInput,
): Promise<Synthesis> {
  const work = mkdtempSync(path.join(os.tmpdir(), "infra-test-"));
  const builds: FunctionBuild[] = [];
  const server = await startRpcServer(work, builds);

  for (const [name, value] of Object.entries(input.secrets)) {
    process.env[`SST_SECRET_${name}`] = value;
  }
  const app = await appOf(config, input.stage);
  setCliGlobals(app, input.root, work);

  const recorded = installMocks(String(app.name), input.stage);
  const options = new Map<string, SynthesizedResource["options"]>();
  // The automation API runs a program inside a stack resource; so here.
  const outputs = await pulumi.runtime.runInPulumiStack(() =>
    run(async () => {
      recordOptions(options);
      return config.run();
    }),
  );
  const resolved = await resolve(outputs);
  await settle(() => recorded.length + builds.length);
  server.close();
  rmSync(work, { recursive: true, force: true });

  return {
    stage: input.stage,
    app,
    outputs: resolved as Record<string, unknown>,
    resources: recorded.map((r) => ({
      ...r,
      options: options.get(`${r.type}::${r.name}`) ?? {
        retainOnDelete: false,
        protect: false,
      },
    })),
    builds,
  };
}

/**
 * Answers Pulumi's resource registrations and data source calls from
 * `mocks.ts`, not a cloud, and records each registration.
 */
function installMocks(project: string, stage: string): Recorded[] {
  const recorded: Recorded[] = [];

  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = reveal(args.inputs) as Record<string, unknown>;
        const state = mockState(args.type, args.name, inputs);
        recorded.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          read: args.id !== undefined && args.id !== "",
          inputs,
          state,
        });
        return { id: String(state.id), state };
      },
      call: (args) => mockCall(args.token, args.inputs),
    },
    project,
    stage,
    false,
  );
  return recorded;
}

/** The key and value Pulumi marks a secret value's wrapper object with. */
const secretSignature = [
  "4dabf18193072939515e22adb298388d",
  "1b47061264138c4ac30d75fd1eb44270",
] as const;

/**
 * A value with its secrets unwrapped. Mocks receive a secret input (here,
 * anything derived from SST's link encryption key) as a wrapper object;
 * tests want the value.
 */
function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (value === null || typeof value !== "object") return value;

  const record = value as Record<string, unknown>;
  const [key, mark] = secretSignature;
  if (record[key] === mark) return reveal(record.value);

  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, reveal(v)]),
  );
}

/** `$app`: what `app()` returns for the stage, with SST's defaults. */
async function appOf(
  config: AppConfig,
  stage: string,
): Promise<Record<string, unknown>> {
  const app = (await config.app({ stage })) as Record<string, unknown>;
  return {
    removal: "retain",
    protect: false,
    providers: {},
    ...app,
    stage,
  };
}

/**
 * The CLI inlines `$app` and `$cli` as constants when it bundles; here they
 * are globals set at run time, so one bundle serves every stage.
 */
function setCliGlobals(
  app: Record<string, unknown>,
  root: string,
  work: string,
) {
  Object.assign(globalThis, {
    $app: app,
    $cli: {
      command: "deploy",
      dev: false,
      paths: {
        home: path.join(work, "home"),
        root,
        work,
        platform: path.join(root, ".sst", "platform"),
      },
      state: { version: {} },
    },
  });
}

/**
 * Records the options that decide what a removal does, as Pulumi resolves
 * them: `protect` is inherited from the parent, `retainOnDelete` is set on
 * each resource (SST copies a component's value to its children). The
 * mocks see neither, hence a stack transformation, registered after SST's
 * own so it sees their result.
 */
function recordOptions(options: Map<string, SynthesizedResource["options"]>) {
  const protectedResources = new WeakSet<object>();

  pulumi.runtime.registerStackTransformation((args) => {
    const parent = args.opts.parent;
    const protect =
      args.opts.protect ??
      (parent !== undefined && protectedResources.has(parent));
    if (protect) protectedResources.add(args.resource);

    options.set(`${args.type}::${args.name}`, {
      retainOnDelete: args.opts.retainOnDelete ?? false,
      protect,
    });
    return undefined;
  });
}

/** Waits for every output of `run()` to have its value. */
function resolve(outputs: unknown): Promise<unknown> {
  return new Promise((done) => {
    const all = outputs as pulumi.Input<Record<string, unknown>>;
    pulumi.output(all).apply((value) => {
      done(value);
      return value;
    });
  });
}

/**
 * Waits until the app stops registering resources. Components create some
 * inside apply callbacks, after `run()` returns, so there is no single
 * promise to await; the count staying put for a while is the signal.
 */
async function settle(count: () => number) {
  const quietTicks = 8;
  let last = -1;
  let quiet = 0;

  while (quiet < quietTicks) {
    await new Promise((done) => setTimeout(done, 25));
    const now = count();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

/**
 * The CLI's JSON-RPC server, as much of it as functions need: the
 * bootstrap bucket, and builds that name an empty directory to zip.
 */
async function startRpcServer(work: string, builds: FunctionBuild[]) {
  const bundle = path.join(work, "bundle");
  mkdirSync(bundle, { recursive: true });
  writeFileSync(path.join(bundle, "index.mjs"), "export const handler = 0;\n");

  const methods: Record<string, (args: Record<string, unknown>) => unknown> = {
    "Provider.Aws.Bootstrap": () => ({
      asset: "mock-assets",
      assetEcrRegistryId: "mock",
      assetEcrUrl: `mock.dkr.ecr.${mockRegion}.amazonaws.com/mock`,
      state: "mock-state",
      appsyncHttp: "",
      appsyncRealtime: "",
    }),
    "Runtime.Build": (args) => {
      builds.push({
        functionID: String(args.functionID),
        handler: String(args.handler),
        runtime: String(args.runtime),
        links: args.links as FunctionBuild["links"],
      });
      return { handler: args.handler, out: bundle, errors: [], sourcemaps: [] };
    },
  };

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const call = JSON.parse(body) as { method: string; params: unknown[] };
      const method = methods[call.method];
      const reply = method
        ? { result: method(call.params[0] as Record<string, unknown>) }
        : { error: `rpc: can't find method ${call.method}` };
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ id: null, result: null, error: null, ...reply }),
      );
    });
  });

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  process.env.SST_SERVER = `http://127.0.0.1:${port}`;
  return server;
}
