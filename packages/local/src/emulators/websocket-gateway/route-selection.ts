/** Route keys a message can never select. */
const lifecycleRoutes = new Set(["$connect", "$disconnect"]);

/**
 * The route of a message, as the route selection expression
 * `$request.body.<selectionKey>` picks it: the value at that path of a
 * JSON body, as a string, when a route has that key; else `$default`
 * when there is one; else `undefined`, which API Gateway answers with a
 * `Forbidden` message.
 */
export function selectRouteKey(
  body: string,
  routeKeys: ReadonlySet<string>,
  selectionKey: string,
): string | undefined {
  const selected = selectionValue(body, selectionKey);
  if (
    selected !== undefined &&
    routeKeys.has(selected) &&
    !lifecycleRoutes.has(selected)
  ) {
    return selected;
  }
  return routeKeys.has("$default") ? "$default" : undefined;
}

/** Non-JSON bodies and missing paths select nothing. */
function selectionValue(body: string, path: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }

  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }

  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return undefined;
}
