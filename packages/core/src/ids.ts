import { v7 as uuidv7 } from "uuid";

/**
 * A new conversation or message id. Version 7 UUIDs sort by creation
 * time, which is what keeps a conversation's messages in order in its
 * table partition.
 */
export function newId(): string {
  return uuidv7();
}

/** Ids a client may send: what {@link newId} makes, or a similar slug. */
export const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
