import { readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const functionsDirectory = join(
  import.meta.dirname,
  "../../packages/functions/src",
);
const handlers = readdirSync(functionsDirectory).filter((file) =>
  file.endsWith(".ts"),
);

/**
 * Bundles each handler the way SST does for Lambda (esbuild, ESM, Node
 * platform, every dependency inlined), so a missing module or an import
 * that only works in development fails here, not at deploy.
 */
describe("function bundles", () => {
  it("finds every handler", () => {
    expect(handlers.sort()).toEqual([
      "authorizer.ts",
      "cancel.ts",
      "chat.ts",
      "connect.ts",
      "default.ts",
      "deliver.ts",
      "disconnect.ts",
      "generate.ts",
      "history.ts",
      "resume.ts",
    ]);
  });

  it.each(handlers)("bundles %s with a handler export", async (file) => {
    const result = await build({
      entryPoints: [join(functionsDirectory, file)],
      bundle: true,
      platform: "node",
      target: "node22",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });

    expect(result.errors).toEqual([]);
    const [output] = result.outputFiles;
    expect(output?.text).toMatch(/export\s*\{[^}]*\bhandler\b/);
    expect(output?.contents.byteLength).toBeLessThan(4 * 1024 * 1024);
  });
});
