/**
 * The one resume path: which config continues a checkpoint's run, and which flags may change
 * beside it. The CLI (`--load_checkpoint`), the studio's worker and the tests all go through here.
 */
import type { CheckpointMeta } from './checkpoint/format';
import {
  ConfigError,
  type ConfigValue,
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  type ExperimentConfig,
  flagsFor,
  parseValue,
} from './config';
import type { FlagSpec } from './flagSpec';

/**
 * Flags that leave a run's math alone: a resumed run takes the checkpoint's value unless one is
 * given. Everything else (classes, model and data flags, batch size, optimizer, seed, ...) must
 * equal the checkpoint's.
 */
export const RESUME_FREE_FLAGS: readonly string[] = [
  'max_epochs',
  'limit_val_batches',
  'limit_test_batches',
  'check_val_every_n_epoch',
];

/**
 * Flags of the machine, not of the run: never taken from the checkpoint. Micro-batches give the
 * full batch's gradients, so how a machine splits a batch to fit its memory is its own choice.
 */
export const ENVIRONMENT_FLAGS: readonly string[] = ['backend', 'micro_batch_size'];

/** Given values are the raw strings of CLI flags or the page's query (booleans for bare flags). */
export type GivenFlags = Record<string, string | boolean>;

function storedClass(meta: CheckpointMeta, name: 'data_class' | 'model_class'): string {
  const value = meta.config[name];
  return typeof value === 'string'
    ? value
    : name === 'data_class'
      ? DEFAULT_DATA_CLASS
      : DEFAULT_MODEL_CLASS;
}

function show(value: ConfigValue): string {
  return value === undefined ? '(not set)' : String(value);
}

/**
 * The config that continues `meta`'s run exactly: the checkpoint's own values, the free flags
 * and the environment flags as given, and `extra` (a command's own flags such as --data_dir) as
 * given or defaulted. A given flag that would change the run is a ConfigError naming the flag,
 * the checkpoint's value and the given one.
 */
export function resumeConfig(
  meta: CheckpointMeta,
  given: GivenFlags,
  extra: FlagSpec[] = [],
): ExperimentConfig {
  const dataClass = storedClass(meta, 'data_class');
  const modelClass = storedClass(meta, 'model_class');
  const runSpecs = flagsFor(dataClass, modelClass);
  const known = new Set([...runSpecs, ...extra].map((s) => s.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new ConfigError(
        `Unknown flag --${name} for run '${meta.runName}' (${modelClass} on ${dataClass}). ` +
          'Run with --help to list the flags.',
      );
    }
  }
  const config: Record<string, ConfigValue> = {};
  for (const spec of runSpecs) {
    const raw = given[spec.name];
    const value = raw === undefined ? undefined : parseValue(spec, raw);
    if (ENVIRONMENT_FLAGS.includes(spec.name)) {
      config[spec.name] = value ?? spec.default;
      continue;
    }
    const stored = storedValue(meta, spec);
    if (value === undefined || value === stored || RESUME_FREE_FLAGS.includes(spec.name)) {
      config[spec.name] = value ?? stored;
      continue;
    }
    throw new ConfigError(
      `--${spec.name} ${show(value)} conflicts with the checkpoint of run '${meta.runName}', ` +
        `which was trained with --${spec.name} ${show(stored)}. Resuming continues that run ` +
        `exactly, so only ${RESUME_FREE_FLAGS.map((f) => `--${f}`).join(', ')} and ` +
        `${ENVIRONMENT_FLAGS.map((f) => `--${f}`).join(', ')} may change: drop --${spec.name}, ` +
        'or start a new run from its weights with --init_from.',
    );
  }
  for (const spec of extra) {
    const raw = given[spec.name];
    config[spec.name] = raw === undefined ? spec.default : parseValue(spec, raw);
  }
  const resumed = config as ExperimentConfig;
  checkEpochsLeft(meta, resumed.max_epochs);
  return resumed;
}

/** The checkpoint's value of a flag, checked as a given value would be (a stored record is untrusted). */
function storedValue(meta: CheckpointMeta, spec: FlagSpec): ConfigValue {
  const stored = meta.config[spec.name];
  if (stored === undefined || stored === null) return spec.default;
  try {
    return parseValue(spec, typeof stored === 'boolean' ? stored : String(stored));
  } catch (error) {
    throw new ConfigError(
      `The checkpoint of run '${meta.runName}' holds an unusable --${spec.name}: ` +
        `${(error as Error).message} Choose a checkpoint saved by Inklab.`,
    );
  }
}

/** A resumed run must have an epoch left to train. */
export function checkEpochsLeft(meta: CheckpointMeta, maxEpochs: number): void {
  const done = meta.epoch + 1;
  if (maxEpochs > done) return;
  throw new ConfigError(
    `Run '${meta.runName}' has already trained ${done} epoch${done === 1 ? '' : 's'} ` +
      `(--max_epochs ${maxEpochs}): give a larger --max_epochs, e.g. --max_epochs ${done + 1}, ` +
      'to continue it.',
  );
}
