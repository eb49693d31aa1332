import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ModelSettings } from "../stage-config";
import { createLocalModel } from "./local-model";

/** A model and the label it shows in message metadata. */
export interface SelectedModel {
  model: LanguageModelV3;
  label: string;
}

/**
 * The model a stage is configured for. Bedrock takes its credentials and
 * region from the usual AWS sources; an OpenAI-compatible server reads
 * its key, if it needs one, from `OPENAI_COMPATIBLE_API_KEY`.
 */
export function selectModel(settings: ModelSettings): SelectedModel {
  switch (settings.provider) {
    case "local":
      return {
        model: createLocalModel({ id: settings.id, delayMs: settings.delayMs }),
        label: `${settings.id} (local scripted model, not an LLM)`,
      };
    case "bedrock":
      return {
        model: createAmazonBedrock()(settings.id),
        label: `bedrock:${settings.id}`,
      };
    case "openai-compatible": {
      const provider = createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl,
        apiKey: process.env.OPENAI_COMPATIBLE_API_KEY,
      });
      return {
        model: provider.chatModel(settings.id),
        label: `openai-compatible:${settings.id}`,
      };
    }
  }
}
