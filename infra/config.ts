import {
  type RuntimeSettings,
  runtimeSettings,
  type StageConfig,
} from "../packages/core/src/stage-config";

/** What functions read about the stage at run time. */
export interface Settings {
  /** HS256 key that signs and verifies user tokens. */
  tokenSecret: sst.Secret;
  /** The run-time part of the stage's settings, as `Resource.ChatSettings`. */
  chatSettings: sst.Linkable<RuntimeSettings>;
}

/**
 * Creates the linkable settings of the stage. The secret has no
 * placeholder on purpose: a deploy without `sst secret set TokenSecret`
 * fails instead of signing tokens with a known key.
 *
 * @param config - the settings of the stage being deployed
 */
export function createSettings(config: StageConfig): Settings {
  const tokenSecret = new sst.Secret("TokenSecret");

  const chatSettings = new sst.Linkable("ChatSettings", {
    properties: runtimeSettings(config),
  });

  return { tokenSecret, chatSettings };
}
