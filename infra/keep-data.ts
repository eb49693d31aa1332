import type { StageConfig } from "../packages/core/src/stage-config";

/**
 * A `transform` callback for the raw resource of a component that holds
 * data (a table, the stream, the archive bucket): when the stage keeps
 * data, the resource survives the removal of its stage.
 *
 * `retainOnDelete` makes a removal forget the resource instead of deleting
 * it; `protect` makes Pulumi refuse any step that would delete it, a
 * replacement included, so a changed key schema cannot drop a table.
 *
 * @param config - the settings of the stage being deployed
 */
export function keepData(config: StageConfig) {
  return (_args: unknown, opts: $util.CustomResourceOptions): undefined => {
    if (!config.retainData) return;

    opts.retainOnDelete = true;
    opts.protect = true;
  };
}
