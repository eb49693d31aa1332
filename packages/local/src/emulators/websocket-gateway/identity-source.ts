import type { Handshake } from "./handshake";

/**
 * Whether a handshake carries every identity source. API Gateway checks
 * this before it calls the authorizer and answers 401 when one is
 * missing or empty. Sources other than headers and query parameters
 * (stage variables, context) are always present.
 */
export function hasIdentitySources(
  identitySource: readonly string[],
  handshake: Handshake,
): boolean {
  return identitySource.every((source) => {
    const value = identityValue(source, handshake);
    return value === undefined || value !== "";
  });
}

/**
 * The value of one source: a string, `""` when missing, or `undefined`
 * when the source is not one a handshake can lack.
 */
function identityValue(
  source: string,
  handshake: Handshake,
): string | undefined {
  const match =
    /^(?:route\.request|\$request)\.(header|querystring)\.(.+)$/.exec(source);
  if (!match) return undefined;

  const [, location, name = ""] = match;
  if (location === "querystring") {
    return handshake.queryStringParameters?.[name] ?? "";
  }

  const wanted = name.toLowerCase();
  const header = Object.entries(handshake.headers).find(
    ([key]) => key.toLowerCase() === wanted,
  );
  return header?.[1] ?? "";
}
