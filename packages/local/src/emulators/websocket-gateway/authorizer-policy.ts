/** One statement of an IAM policy, as an authorizer returns it. */
interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

/**
 * Whether an authorizer's policy document lets the caller invoke
 * `methodArn`. As in IAM, an explicit `Deny` wins over any `Allow`, and
 * without a matching `Allow` the answer is no. Actions and resources may
 * use `*` and `?` wildcards.
 */
export function policyAllows(
  policyDocument: unknown,
  methodArn: string,
): boolean {
  const statements = statementsOf(policyDocument).filter(
    (statement) =>
      matchesAny(statement.Action, "execute-api:Invoke") &&
      matchesAny(statement.Resource, methodArn),
  );

  if (statements.some((statement) => statement.Effect === "Deny")) {
    return false;
  }
  return statements.some((statement) => statement.Effect === "Allow");
}

function statementsOf(policyDocument: unknown): PolicyStatement[] {
  if (typeof policyDocument !== "object" || policyDocument === null) {
    return [];
  }
  const statement = (policyDocument as { Statement?: unknown }).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  return statements.filter(
    (entry): entry is PolicyStatement =>
      typeof entry === "object" && entry !== null,
  );
}

function matchesAny(patterns: unknown, value: string): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some(
    (pattern) => typeof pattern === "string" && wildcard(pattern).test(value),
  );
}

/** IAM wildcards: `*` any run of characters, `?` any one character. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replaceAll("*", ".*").replaceAll("?", ".")}$`);
}
