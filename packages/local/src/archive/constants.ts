/** Bytes in a mebibyte; Firehose's buffering size is set in MiB. */
export const MIB = 1024 * 1024;

/**
 * The version in every object name. Firehose counts configuration
 * changes of a delivery stream from 1; the stand-in has only one.
 */
export const DELIVERY_STREAM_VERSION = 1;

/** Firehose polls each shard of its source stream about once a second. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

/** Longest pause between two attempts after a failed call. */
export const MAX_BACKOFF_MS = 5000;

/** Where the archive's objects go, below the bucket folder. */
export const RECORDS_PREFIX = "records";

/**
 * Failed calls in a row after which a draining reader gives up, so that
 * `close()` still returns when the stream is already gone.
 */
export const MAX_FAILURES_WHILE_DRAINING = 3;
