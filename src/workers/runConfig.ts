/** The experiment config of a run started from the page: URL-style strings -> checked values. */
import type { CheckpointMeta } from '../engine/checkpoint/format';
import {
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  type ExperimentConfig,
  flagsFor,
  resolveConfig,
} from '../engine/config';

/** Parses the page's config; bad values throw the CLI's messages (flag, value, what is accepted). */
export function parseRunConfig(raw: Record<string, string>): ExperimentConfig {
  const specs = flagsFor(
    raw.data_class ?? DEFAULT_DATA_CLASS,
    raw.model_class ?? DEFAULT_MODEL_CLASS,
  );
  return resolveConfig(raw, specs) as ExperimentConfig;
}

/**
 * The config to continue a checkpoint's run: its own config (flags this studio knows, so a CLI
 * checkpoint's --data_dir is dropped) with the page's values on top, e.g. a larger max_epochs.
 * The data and model classes must stay those of the checkpoint.
 */
export function resumeRunConfig(
  meta: CheckpointMeta,
  overrides: Record<string, string>,
): ExperimentConfig {
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(meta.config)) {
    if (value !== undefined && value !== null) stored[name] = String(value);
  }
  for (const name of ['data_class', 'model_class'] as const) {
    if (
      overrides[name] !== undefined &&
      stored[name] !== undefined &&
      overrides[name] !== stored[name]
    ) {
      throw new Error(
        `Cannot continue run '${meta.runName}' with --${name} ${overrides[name]}: it was trained ` +
          `with ${stored[name]}. Start a new run to change it.`,
      );
    }
  }
  const known = new Set(
    flagsFor(
      stored.data_class ?? DEFAULT_DATA_CLASS,
      stored.model_class ?? DEFAULT_MODEL_CLASS,
    ).map((s) => s.name),
  );
  const kept = Object.fromEntries(Object.entries(stored).filter(([name]) => known.has(name)));
  return parseRunConfig({ ...kept, ...overrides });
}
