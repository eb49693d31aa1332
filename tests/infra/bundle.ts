/**
 * Bundles the app with the synthesis runner the way the SST CLI bundles
 * `sst.config.ts` for a deploy, so the test runs the same code the CLI
 * would: same externals, same injected shim, same `sst` and `aws` globals.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/** Packages the CLI leaves out of the bundle; they load from the platform. */
const external = [
  "@pulumi/*",
  "undici",
  "@pulumiverse/*",
  "@sst-provider/*",
  "@aws-sdk/*",
  "esbuild",
  "archiver",
  "glob",
  "vite",
];

/** ESM has no `require` or `__dirname`; SST's components use both. */
const banner = [
  `import { createRequire as bannerRequire } from "module";`,
  `import { fileURLToPath as bannerPath } from "url";`,
  "const require = bannerRequire(import.meta.url);",
  "const __filename = bannerPath(import.meta.url);",
  `const __dirname = bannerPath(new URL(".", import.meta.url));`,
].join("\n");

/**
 * Writes the bundle into `.sst/platform`, where Node resolves the
 * externals to the platform's own `@pulumi/pulumi`: the mocks must be set
 * on the very instance SST's components use.
 *
 * @param root - the repo root
 * @param outfile - the bundle to write, inside `.sst/platform`
 */
export async function bundleApp(root: string, outfile: string): Promise<void> {
  const platform = path.join(root, ".sst", "platform");
  const file = (...parts: string[]) => JSON.stringify(path.join(...parts));
  const entry = [
    `import { run } from ${file(platform, "src/auto/run.ts")};`,
    `import config from ${file(root, "sst.config.ts")};`,
    `import { synthesizeApp } from ${file(root, "tests/infra/runner.ts")};`,
    "await synthesizeApp(config, run);",
  ].join("\n");

  await build({
    stdin: {
      contents: entry,
      resolveDir: root,
      sourcefile: "synthesis.ts",
      loader: "ts",
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    mainFields: ["module", "main"],
    nodePaths: [path.join(platform, "node_modules")],
    external,
    inject: [path.join(platform, "src/shim/run.js")],
    define: { $dev: "false" },
    banner: { js: banner },
    plugins: [injectGlobals(providerGlobals(root))],
    logLevel: "silent",
  });
}

/**
 * The imports the CLI prepends to every file outside `.sst`: one per
 * provider in `.sst/provider-lock.json`, and SST's components as `sst`.
 */
function providerGlobals(root: string): string {
  const lockFile = path.join(root, ".sst", "provider-lock.json");
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as {
    alias: string;
    package: string;
  }[];
  const components = path.join(root, ".sst", "platform", "src", "components");

  return [
    ...lock.map((p) => `import * as ${p.alias} from "${p.package}";`),
    `import * as sst from ${JSON.stringify(components)};`,
  ].join("\n");
}

function injectGlobals(globals: string): Plugin {
  return {
    name: "inject-globals",
    setup(build) {
      build.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, (args) => {
        const contents = readFileSync(args.path, "utf8");
        const inSst = args.path.includes(".sst");
        return {
          contents: inSst ? contents : `${globals}\n${contents}`,
          loader: "default",
        };
      });
    },
  };
}
