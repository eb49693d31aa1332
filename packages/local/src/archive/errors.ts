import { CodedError } from "@chat-stream/core";

/**
 * Codes of the errors the archiver throws. They are stable: add codes,
 * never rename them.
 */
export const archiveErrorCodes = [
  "invalid_options",
  "list_shards_failed",
  "get_shard_iterator_failed",
  "archive_write_failed",
] as const;

export type ArchiveErrorCode = (typeof archiveErrorCodes)[number];

/** The base of every error the archiver throws on purpose. */
export class ArchiveError extends CodedError<ArchiveErrorCode> {
  override readonly name: string = "ArchiveError";
}
