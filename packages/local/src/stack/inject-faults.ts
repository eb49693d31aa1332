import type { KinesisStreamEvent } from "aws-lambda";
import type { LocalFunction } from "../emulators";

/** Faults the local stack can inject, to prove recovery. */
export interface FaultSettings {
  /**
   * Share of delivery invocations that fail after the handler ran: half
   * of them throw (a crash or timeout after some posts), half report a
   * random tail of the batch failed. Both make the mapping redeliver
   * records whose chunks were already posted.
   */
  deliveryFailureRate: number;
  /** Random source in [0, 1); injected so a test can seed it. */
  random?: () => number;
}

/**
 * Wraps the delivery function the way Lambda fails in production: after
 * its side effects, not instead of them. The handler itself is the real
 * one and never knows.
 */
export function withDeliveryFaults(
  fn: LocalFunction,
  faults: FaultSettings,
): LocalFunction {
  const random = faults.random ?? Math.random;
  return {
    ...fn,
    handler: async (event, context) => {
      const result = await fn.handler(event, context);
      if (random() >= faults.deliveryFailureRate) return result;

      if (random() < 0.5) throw new Error("Injected fault after delivery.");
      const records = (event as KinesisStreamEvent).Records;
      const from = Math.floor(random() * records.length);
      return {
        batchItemFailures: records.slice(from).map((record) => ({
          itemIdentifier: record.kinesis.sequenceNumber,
        })),
      };
    },
  };
}
