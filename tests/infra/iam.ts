/**
 * Reads the IAM policies of a synthesis as plain grants, one
 * `"<action> <resource>"` string per allowed pair, with each ARN the app
 * created replaced by its resource's logical name: `dynamodb:Query
 * ConnectionsTable/index/byUser`. Compare such lists exactly and any
 * widening, one more action or a broader resource, shows up.
 */
import {
  resource,
  type Synthesis,
  type SynthesizedResource,
} from "./synthesis";

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

interface PolicyDocument {
  Statement: Statement[];
}

/** The grants of every inline policy of a role, sorted. */
export function roleGrants(synthesis: Synthesis, roleName: string): string[] {
  const role = resource(synthesis, "aws:iam/role:Role", roleName);
  const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  const labels = arnLabels(synthesis);

  return policies.flatMap((p) => grants(parsePolicy(p.policy), labels)).sort();
}

/** The managed policies attached to a role. */
export function managedPolicies(
  synthesis: Synthesis,
  roleName: string,
): string[] {
  const role = resource(synthesis, "aws:iam/role:Role", roleName);
  return (role.inputs.managedPolicyArns ?? []) as string[];
}

/** Who may assume a role: `"<type> <identifier>"` strings, sorted. */
export function trustedPrincipals(role: SynthesizedResource): string[] {
  const policy = parsePolicy(role.inputs.assumeRolePolicy);

  return policy.Statement.flatMap((s) =>
    Object.entries(s.Principal ?? {}).flatMap(([type, ids]) =>
      list(ids).map((id) => `${type} ${id}`),
    ),
  ).sort();
}

/** A policy given as JSON text or, from Pulumi helpers, as an object. */
export function parsePolicy(policy: unknown): PolicyDocument {
  const document = typeof policy === "string" ? JSON.parse(policy) : policy;
  return document as PolicyDocument;
}

function grants(policy: PolicyDocument, labels: [string, string][]) {
  return policy.Statement.flatMap((s) => {
    const effect = s.Effect === "Allow" ? "" : `${s.Effect} `;
    return list(s.Action).flatMap((action) =>
      list(s.Resource).map((arn) => `${effect}${action} ${label(arn, labels)}`),
    );
  });
}

/**
 * Pairs of an ARN the app created and the logical name of its resource,
 * longest ARN first so a prefix never hides a longer match.
 */
function arnLabels(synthesis: Synthesis): [string, string][] {
  const pairs: [string, string][] = [];
  for (const r of synthesis.resources) {
    for (const key of ["arn", "executionArn"]) {
      const arn = r.state[key];
      if (r.custom && typeof arn === "string") pairs.push([arn, r.name]);
    }
  }
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

function label(arn: string, labels: [string, string][]): string {
  for (const [known, name] of labels) {
    if (arn === known) return name;
    if (arn.startsWith(`${known}/`) || arn.startsWith(`${known}:`)) {
      return name + arn.slice(known.length);
    }
  }
  return arn;
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
