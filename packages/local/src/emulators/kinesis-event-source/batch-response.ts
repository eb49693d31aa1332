/** What a function's result says about a batch it processed. */
export type BatchVerdict =
  | { kind: "success" }
  /** Retry from `retryFrom`, the index of the lowest failed record. */
  | { kind: "partial"; retryFrom: number }
  /** The response named no record of the batch: all of it failed. */
  | { kind: "invalid" };

/**
 * Reads a batch response, `{ batchItemFailures: [{ itemIdentifier }] }`,
 * by the rules AWS documents for ReportBatchItemFailures: no result, no
 * list or an empty list is a success; an item whose identifier is
 * missing, empty or not a sequence number of the batch fails the whole
 * batch. Without ReportBatchItemFailures the result is not read at all.
 */
export function readBatchResponse(
  result: unknown,
  sequenceNumbers: readonly string[],
  reportBatchItemFailures: boolean,
): BatchVerdict {
  if (!reportBatchItemFailures) return { kind: "success" };
  if (typeof result !== "object" || result === null) {
    return { kind: "success" };
  }

  const failures = (result as { batchItemFailures?: unknown })
    .batchItemFailures;
  if (failures === undefined || failures === null) return { kind: "success" };
  if (!Array.isArray(failures)) return { kind: "invalid" };
  if (failures.length === 0) return { kind: "success" };

  let retryFrom = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)
      ?.itemIdentifier;
    const index =
      typeof identifier === "string" && identifier !== ""
        ? sequenceNumbers.indexOf(identifier)
        : -1;
    if (index === -1) return { kind: "invalid" };
    retryFrom = Math.min(retryFrom, index);
  }
  return { kind: "partial", retryFrom };
}
