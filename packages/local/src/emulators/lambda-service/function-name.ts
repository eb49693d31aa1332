/**
 * Function names as the Invoke API accepts them: a name, a name with a
 * qualifier, a partial ARN (`<account>:function:<name>`) or a full ARN,
 * each with an optional `:<version or alias>`.
 */
const functionNamePattern = new RegExp(
  [
    String.raw`^(?:arn:[\w-]+:lambda:[a-z0-9-]+:)?`,
    String.raw`(?:\d{12}:)?(?:function:)?`,
    String.raw`([\w-]{1,64})(?::[\w$.-]+)?$`,
  ].join(""),
);

/**
 * The bare function name in a FunctionName parameter, or `undefined`
 * when it is not one. Qualifiers are dropped: locally every function
 * has only `$LATEST`.
 */
export function functionNameFrom(parameter: string): string | undefined {
  return functionNamePattern.exec(parameter)?.[1];
}
