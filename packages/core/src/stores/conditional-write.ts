import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/**
 * Runs a conditional DynamoDB write and turns a failed condition into
 * `false`: for these stores a condition that does not hold is an answer
 * (taken, already ended, already sent), not an error.
 */
export async function unlessConditionFails<T>(
  write: () => Promise<T>,
): Promise<T | false> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
