export { archiveObjectKey } from "./archive-object-key";
export { MIB } from "./constants";
export {
  ArchiveError,
  type ArchiveErrorCode,
  archiveErrorCodes,
} from "./errors";
export { startArchiver } from "./start-archiver";
export type {
  ArchiveLogger,
  Archiver,
  ArchiverOptions,
  ArchiverStats,
  StartingPosition,
} from "./types";
export { type WrittenObject, writeArchiveObject } from "./write-archive-object";
