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
  const label = modelLabel(settings);
  switch (settings.provider) {
    case "local":
      return {
        model: createLocalModel({ id: settings.id, delayMs: settings.delayMs }),
        label,
      };
    case "bedrock":
      return { model: createAmazonBedrock()(settings.id), label };
    case "openai-compatible": {
      const provider = createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl,
        apiKey: process.env.OPENAI_COMPATIBLE_API_KEY,
      });
      return { model: provider.chatModel(settings.id), label };
    }
  }
}

/** How a model is named to users: provider, id, and what it is. */
export function modelLabel(settings: ModelSettings): string {
  return settings.provider === "local"
    ? `${settings.id} (local scripted model, not an LLM)`
    : `${settings.provider}:${settings.id}`;
}
