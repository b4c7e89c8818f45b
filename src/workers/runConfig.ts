/** The experiment config of a run started from the page: URL-style strings -> checked values. */
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
