import { backendNames } from './backends/backendNames';
import { DATA_CLASS_NAMES, dataClassFlags } from './data/dataFlags';
import { type FlagSpec, MAX_EPOCHS, MAX_SEED, MAX_STEPS } from './flagSpec';
import { lossNames } from './lit/lossNames';
import { optimizerNames } from './lit/optimizerNames';
import { MODEL_CLASS_NAMES, modelClassFlags } from './models/modelFlags';

/** The lab's defaults when no class is named (run_experiment.py: MNIST with the MLP). */
export const DEFAULT_DATA_CLASS = 'MNIST';
export const DEFAULT_MODEL_CLASS = 'MLP';

/**
 * The run_experiment flags shared by every class, with the lab's defaults. The studio's URL
 * query uses the same names.
 */
export const generalFlags: FlagSpec[] = [
  {
    name: 'data_class',
    type: 'string',
    default: DEFAULT_DATA_CLASS,
    help: 'dataset',
    choices: DATA_CLASS_NAMES,
  },
  {
    name: 'model_class',
    type: 'string',
    default: DEFAULT_MODEL_CLASS,
    help: 'model',
    choices: MODEL_CLASS_NAMES,
  },
  {
    name: 'max_epochs',
    type: 'int',
    default: 1,
    help: 'epochs to train',
    min: 1,
    max: MAX_EPOCHS,
  },
  { name: 'batch_size', type: 'int', default: 128, help: 'examples per batch', min: 1, max: 65536 },
  {
    name: 'micro_batch_size',
    type: 'int',
    help: 'examples per forward/backward pass, gradients accumulated per batch (default: the batch where it fits the backend)',
    min: 1,
    max: 65536,
  },
  { name: 'lr', type: 'float', default: 1e-3, help: 'learning rate', min: 0 },
  {
    name: 'optimizer',
    type: 'string',
    default: 'adam',
    help: 'optimizer',
    choices: optimizerNames,
  },
  {
    name: 'loss',
    type: 'string',
    default: 'cross_entropy',
    help: 'loss (ctc for LineCNN, which outputs more time steps than characters)',
    choices: lossNames,
  },
  {
    name: 'one_cycle_max_lr',
    type: 'float',
    help: 'enables the one-cycle schedule with this peak rate',
    min: 0,
  },
  {
    name: 'cosine_total_steps',
    type: 'int',
    help: 'enables cosine annealing of --lr to 0 over this many steps (CosineAnnealingLR)',
    min: 1,
    max: MAX_STEPS,
  },
  {
    name: 'label_smoothing',
    type: 'float',
    default: 0,
    help: 'cross-entropy against targets smoothed toward uniform by this much',
    min: 0,
    max: 0.99,
  },
  {
    name: 'one_cycle_total_steps',
    type: 'int',
    default: 100,
    help: 'length of the one-cycle schedule in steps',
    min: 1,
    max: MAX_STEPS,
  },
  {
    name: 'overfit_batches',
    type: 'int',
    default: 0,
    help: 'train, validate and test on this many training batches',
    min: 0,
    max: MAX_STEPS,
  },
  {
    name: 'limit_train_batches',
    type: 'float',
    help: 'batches per epoch (count >= 1, or fraction < 1)',
    above: 0,
    max: MAX_STEPS,
  },
  {
    name: 'limit_val_batches',
    type: 'float',
    help: 'validation batches (count or fraction; 0 skips validation)',
    min: 0,
    max: MAX_STEPS,
  },
  {
    name: 'limit_test_batches',
    type: 'float',
    help: 'test batches (count or fraction; 0 skips the test)',
    min: 0,
    max: MAX_STEPS,
  },
  {
    name: 'check_val_every_n_epoch',
    type: 'int',
    default: 1,
    help: 'validate every N epochs',
    min: 1,
    max: MAX_EPOCHS,
  },
  {
    name: 'stop_early',
    type: 'int',
    default: 0,
    help: 'early-stopping patience in validations (0 = off)',
    min: 0,
    max: MAX_EPOCHS,
  },
  {
    name: 'seed',
    type: 'int',
    default: 42,
    help: 'seed for weights, shuffling and dropout',
    min: 0,
    max: MAX_SEED,
  },
  {
    name: 'backend',
    type: 'string',
    default: 'wasm',
    help: 'TensorFlow.js backend',
    choices: backendNames,
  },
];

export type ConfigValue = number | string | boolean | undefined;
export type ExperimentConfig = Record<string, ConfigValue> & {
  data_class: string;
  model_class: string;
  max_epochs: number;
  batch_size: number;
  micro_batch_size?: number;
  lr: number;
  optimizer: string;
  loss: string;
  one_cycle_max_lr?: number;
  one_cycle_total_steps: number;
  cosine_total_steps?: number;
  label_smoothing: number;
  overfit_batches: number;
  limit_train_batches?: number;
  limit_val_batches?: number;
  limit_test_batches?: number;
  check_val_every_n_epoch: number;
  stop_early: number;
  seed: number;
  backend: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Every flag that applies once the data and model classes are chosen (class flags last). */
export function flagsFor(
  dataClassName: string,
  modelClassName: string,
  extra: FlagSpec[] = [],
): FlagSpec[] {
  const classFlags = [...dataClassFlags(dataClassName), ...modelClassFlags(modelClassName)];
  return [...generalFlags, ...extra, ...classFlags];
}

/**
 * Parses one value against its spec; the message says what was wrong and what is accepted,
 * naming the value as `where` (the CLI's `--lr`, the page's "Learning rate").
 */
export function parseValue(
  spec: FlagSpec,
  raw: string | boolean,
  where = `--${spec.name}`,
): ConfigValue {
  if (spec.type === 'boolean') {
    if (raw === true || raw === 'true' || raw === '1' || raw === '') return true;
    if (raw === false || raw === 'false' || raw === '0') return false;
    throw new ConfigError(`${where} takes true or false, got '${raw}'.`);
  }
  if (raw === true || raw === false)
    throw new ConfigError(`${where} needs a value (${spec.help}).`);
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new ConfigError(`${where} must be one of ${spec.choices.join(', ')}; got '${raw}'.`);
    }
    return raw;
  }
  const value = Number(raw);
  const kind = spec.type === 'int' ? 'a whole number' : 'a number';
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (spec.type === 'int' && !Number.isInteger(value))
  ) {
    throw new ConfigError(`${where} expects ${kind}, got '${raw}'.`);
  }
  if (spec.above !== undefined && value <= spec.above) {
    throw new ConfigError(`${where} must be more than ${spec.above}, got ${value}.`);
  }
  if (spec.min !== undefined && value < spec.min) {
    throw new ConfigError(`${where} must be at least ${spec.min}, got ${value}.`);
  }
  if (spec.max !== undefined && value > spec.max) {
    throw new ConfigError(`${where} must be at most ${spec.max}, got ${value}.`);
  }
  return value;
}

/**
 * Builds a full config from raw values (CLI flags or URL query): defaults from the specs,
 * unknown names rejected with the list of known ones.
 */
export function resolveConfig(
  raw: Record<string, string | boolean>,
  specs: FlagSpec[],
): Record<string, ConfigValue> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const name of Object.keys(raw)) {
    if (!byName.has(name)) {
      throw new ConfigError(`Unknown flag --${name}. Run with --help to list the flags.`);
    }
  }
  const config: Record<string, ConfigValue> = {};
  for (const spec of specs) {
    config[spec.name] =
      raw[spec.name] === undefined ? spec.default : parseValue(spec, raw[spec.name]);
  }
  return config;
}

/** The config as query-string pairs, defaults left out so shared links stay short. */
export function serializeConfig(
  config: Record<string, ConfigValue>,
  specs: FlagSpec[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const value = config[spec.name];
    if (value !== undefined && value !== spec.default) out[spec.name] = String(value);
  }
  return out;
}

/**
 * A new run's config from raw values (CLI flags or the page's query, same names): the named
 * classes' own flags and `extra` (a command's own) beside the general ones, defaults filled in.
 */
export function newRunConfig(
  raw: Record<string, string | boolean>,
  extra: FlagSpec[] = [],
): ExperimentConfig {
  const specs = flagsFor(
    String(raw.data_class ?? DEFAULT_DATA_CLASS),
    String(raw.model_class ?? DEFAULT_MODEL_CLASS),
    extra,
  );
  return resolveConfig(raw, specs) as ExperimentConfig;
}
