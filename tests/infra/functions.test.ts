import { beforeAll, describe, expect, it } from "vitest";
import { stageConfig } from "../../packages/core/src/stage-config";
import { buildOf, resource, root, type Synthesis, synthesize } from "./harness";
import { declaredResources } from "./resource-types";

const config = stageConfig("dev");

/** How each function runs and which `Resource.X` names it reads. */
const expected: Record<
  string,
  { timeout: number; memory: number; links: string[] }
> = {
  authorizer: { timeout: 10, memory: 256, links: ["TokenSecret"] },
  connect: { timeout: 10, memory: 256, links: ["Connections"] },
  disconnect: { timeout: 10, memory: 256, links: ["Connections"] },
  default: { timeout: 10, memory: 256, links: ["Api"] },
  chat: {
    timeout: 10,
    memory: 256,
    links: ["Api", "ChatSettings", "Connections", "Conversations", "Generate"],
  },
  resume: {
    timeout: 10,
    memory: 256,
    links: ["Api", "ChatSettings", "Chunks", "Connections", "Conversations"],
  },
  cancel: {
    timeout: 10,
    memory: 256,
    links: ["Api", "ChatSettings", "Connections", "Conversations"],
  },
  history: {
    timeout: 10,
    memory: 256,
    links: ["Api", "ChatSettings", "Connections", "Conversations"],
  },
  generate: {
    timeout: Math.min(config.generationTimeoutSeconds + 60, 900),
    memory: 512,
    links: ["Api", "ChatSettings", "ChatStream", "Chunks", "Conversations"],
  },
  deliver: {
    timeout: 60,
    memory: 512,
    links: ["Api", "ChatSettings", "Chunks", "Connections"],
  },
};

/** Mock URNs nest top-level components under the stack; AWS's do not. */
function linkType(type: unknown): string {
  return String(type).split("$").at(-1) ?? "";
}

describe("functions", () => {
  let dev: Synthesis;

  beforeAll(async () => {
    dev = await synthesize("dev");
  }, 180_000);

  function lambdaOf(file: string) {
    const id = buildOf(dev, file).functionID;
    return resource(dev, "aws:lambda/function:Function", `${id}Function`);
  }

  it.each(Object.keys(expected))("runs %s on Node 22+ on arm64", (file) => {
    const { runtime, architectures } = lambdaOf(file).inputs;

    expect(String(runtime)).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(architectures).toEqual(["arm64"]);
  });

  it.each(Object.keys(expected))("sizes %s for its work", (file) => {
    expect(lambdaOf(file).inputs).toMatchObject({
      timeout: expected[file]?.timeout,
      memorySize: expected[file]?.memory,
    });
  });

  it.each(Object.keys(expected))("keeps logs of %s a month", (file) => {
    const id = buildOf(dev, file).functionID;
    const logs = resource(
      dev,
      "aws:cloudwatch/logGroup:LogGroup",
      `${id}LogGroup`,
    );

    expect(config.logRetention).toBe("1 month");
    expect(logs.inputs.retentionInDays).toBe(30);
  });

  it.each(Object.keys(expected))("links %s to what it reads", (file) => {
    const links = Object.keys(buildOf(dev, file).links).sort();

    expect(links).toEqual(expected[file]?.links);
  });

  it("gives each link the shape sst-env.d.ts declares", () => {
    const declared = declaredResources(root);

    for (const build of dev.builds) {
      for (const [name, properties] of Object.entries(build.links)) {
        const declaration = declared[name];
        expect(declaration, `Resource.${name}`).toBeDefined();
        expect(Object.keys(properties).sort()).toEqual(declaration?.properties);
        expect(linkType(properties.type)).toBe(declaration?.type);
      }
    }
  });

  it("hands the stage's run-time settings to ChatSettings", () => {
    const { type: _type, ...settings } = buildOf(dev, "chat").links
      .ChatSettings as Record<string, unknown>;

    expect(settings).toEqual({
      model: config.model,
      coalesceMs: config.coalesceMs,
      retentionDays: config.retentionDays,
      generationTimeoutSeconds: config.generationTimeoutSeconds,
      maxInputChars: config.maxInputChars,
    });
  });

  it("never retries an async generation", () => {
    const invokeConfig = resource(
      dev,
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      "GenerateEventInvokeConfig",
    );

    expect(invokeConfig.inputs).toMatchObject({
      functionName: lambdaOf("generate").state.name,
      maximumRetryAttempts: 0,
    });
  });
});
