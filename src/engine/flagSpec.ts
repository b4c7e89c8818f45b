/** A flag of the CLI and the studio's form (same names), as the lab's argparse arguments. */
export interface FlagSpec {
  name: string;
  type: 'int' | 'float' | 'string' | 'boolean';
  default?: number | string | boolean;
  help: string;
  min?: number;
  /** The value must be above this (limit_train_batches: 0 would train nothing). */
  above?: number;
  max?: number;
  choices?: readonly string[];
}

/** Flags a model or data class adds, as in the lab's `add_to_argparse`. */
export type ClassFlag = FlagSpec & { default: number | string | boolean };

/** Seeds are 32-bit, as the seeded generator (data/rng.ts) takes them. */
export const MAX_SEED = 0xffff_ffff;
/** Bounds no run needs to exceed, so a typo fails when parsed rather than mid-run. */
export const MAX_EPOCHS = 100_000;
export const MAX_STEPS = 1_000_000_000;
export const MAX_UNITS = 1_000_000;
export const MAX_CHANNELS = 4096;
export const MAX_PIXELS = 4096;
/** Three stages of this many blocks stay within a checkpoint's layer bound (topologyBounds.ts). */
export const MAX_RESIDUAL_BLOCKS = 4;
/** Transformer encoder layers of LineCNNTransformer (16 tfjs layers each). */
export const MAX_TRANSFORMER_LAYERS = 4;
export const MAX_SAMPLES = 1_000_000;

/** A class's flags at their defaults, as the arguments its builder takes. */
export function classFlagDefaults(
  flags: readonly ClassFlag[],
): Record<string, ClassFlag['default']> {
  return Object.fromEntries(flags.map((flag) => [flag.name, flag.default]));
}
