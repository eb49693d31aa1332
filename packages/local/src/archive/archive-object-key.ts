import { DELIVERY_STREAM_VERSION, RECORDS_PREFIX } from "./constants";

/**
 * The key of an archive object, as Firehose names it with the prefix
 * `records/dt=!{timestamp:yyyy-MM-dd}/`, GZIP and no custom file name:
 * `records/dt=YYYY-MM-DD/<deliveryStream>-1-YYYY-MM-DD-HH-MM-SS-<id>.gz`.
 *
 * @param oldestArrivalMs - arrival time of the oldest record in the
 *   object; Firehose takes both the partition date and the name's
 *   timestamp from it, in UTC.
 */
export function archiveObjectKey(
  deliveryStreamName: string,
  oldestArrivalMs: number,
  id: string,
): string {
  const time = new Date(oldestArrivalMs);
  const day = [
    time.getUTCFullYear(),
    pad(time.getUTCMonth() + 1),
    pad(time.getUTCDate()),
  ].join("-");
  const clock = [
    pad(time.getUTCHours()),
    pad(time.getUTCMinutes()),
    pad(time.getUTCSeconds()),
  ].join("-");

  const version = DELIVERY_STREAM_VERSION;
  const name = `${deliveryStreamName}-${version}-${day}-${clock}-${id}.gz`;
  return `${RECORDS_PREFIX}/dt=${day}/${name}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
