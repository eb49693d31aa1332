import type { StageConfig } from "../packages/core/src/stage-config";

/** Lambda runtime of every function; Lambda may run a newer Node than 20. */
export const functionRuntime = "nodejs22.x";

/**
 * Sets the defaults every function of the app shares, including those
 * SST creates inside components (routes, authorizer, stream subscriber):
 * the Node runtime, arm64 (cheaper per GB-second than x86_64), the
 * stage's log retention and a role only Lambda can assume.
 *
 * @param config - the settings of the stage being deployed
 */
export function setFunctionDefaults(config: StageConfig): void {
  $transform(sst.aws.Function, (args) => {
    args.runtime ??= functionRuntime;
    args.architecture ??= "arm64";
    args.logging ??= { retention: config.logRetention };
    if (!$dev && !args.transform?.role) {
      args.transform = { ...args.transform, role: trustLambdaOnly };
    }
  });
}

/**
 * SST 4.17.1 decides between its deploy and `sst dev` trust policies on
 * an `Output` (always truthy), so every deployed role also trusts the
 * account's root: any principal in the account allowed `sts:AssumeRole`
 * could act as the function. Outside `sst dev`, which does need that to
 * run functions locally, only the Lambda service may assume the role.
 */
function trustLambdaOnly(args: aws.iam.RoleArgs): undefined {
  args.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({
    Service: "lambda.amazonaws.com",
  });
}
