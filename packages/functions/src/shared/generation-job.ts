import { z } from "zod";

/**
 * The payload the chat route sends the generation function. The
 * connection that asked is kept so a failure that never reached the
 * stream can still be told to someone.
 */
export const generationJobSchema = z.object({
  conversationId: z.string().min(1),
  messageId: z.string().min(1),
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  startedAt: z.number().int(),
});

export type GenerationJobPayload = z.infer<typeof generationJobSchema>;
