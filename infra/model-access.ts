import type { ModelSettings } from "../packages/core/src/stage-config";

/**
 * Geography prefixes of Bedrock cross-region inference profiles, as in
 * `us.anthropic.claude-...`.
 */
const profilePrefixes = ["us", "eu", "apac", "jp", "au", "ca", "global"];

/**
 * The Bedrock statement that lets a function stream answers from the
 * stage's model; none when the model is not on Bedrock. Generation only
 * streams (`streamText`, which calls `ConverseStream`), and IAM authorizes
 * `ConverseStream` as `InvokeModelWithResponseStream`.
 *
 * @param model - the model settings of the stage
 */
export function modelAccess(
  model: ModelSettings,
): sst.aws.FunctionPermissionArgs[] {
  if (model.provider !== "bedrock") return [];

  return [
    {
      actions: ["bedrock:InvokeModelWithResponseStream"],
      resources: modelArns(model.id),
    },
  ];
}

/**
 * A model id with a geography prefix names an inference profile. Calling
 * it needs the action on the profile, in this region, and on its
 * foundation model in every region the profile routes to. Those regions
 * are AWS's choice, hence the region wildcard on the foundation model,
 * which still names one model only.
 */
function modelArns(modelId: string) {
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const bedrock = $interpolate`arn:${partition}:bedrock`;
  const foundationModel = foundationModelOf(modelId);

  if (foundationModel === undefined) {
    return [$interpolate`${bedrock}:${region}::foundation-model/${modelId}`];
  }

  const account = aws.getCallerIdentityOutput().accountId;
  const profile = `inference-profile/${modelId}`;
  return [
    $interpolate`${bedrock}:${region}:${account}:${profile}`,
    $interpolate`${bedrock}:*::foundation-model/${foundationModel}`,
  ];
}

/** The foundation model behind an inference profile id, if it is one. */
function foundationModelOf(modelId: string): string | undefined {
  const dot = modelId.indexOf(".");
  if (dot < 0) return undefined;

  const prefix = modelId.slice(0, dot);
  return profilePrefixes.includes(prefix) ? modelId.slice(dot + 1) : undefined;
}
