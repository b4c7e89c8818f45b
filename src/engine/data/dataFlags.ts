import type { ClassFlag } from '../flagSpec';

// Kept apart from the data modules so the page can list flags without loading TensorFlow.js.

export const DATA_CLASS_NAMES = ['MNIST', 'EMNIST'] as const;
export type DataClassName = (typeof DATA_CLASS_NAMES)[number];
export const DEFAULT_MNIST_SPLIT_SEED = 42;

export const dataClassInfo: Readonly<
  Record<DataClassName, { description: string; flags: ClassFlag[] }>
> = {
  MNIST: {
    description: 'MNIST digits, 28x28: 55,000 train / 5,000 val / 10,000 test, 10 classes.',
    flags: [
      {
        name: 'split_seed',
        type: 'int',
        default: DEFAULT_MNIST_SPLIT_SEED,
        min: 0,
        help: 'seed of the 55,000 / 5,000 train/val split of the 60,000 training digits',
      },
    ],
  },
  EMNIST: {
    description:
      'EMNIST ByClass characters, 28x28, 83-token mapping. Splits, balancing and their seed are ' +
      'fixed when the dataset is built (npm run datasets -- --emnist PATH [--no-balance] [--seed N]).',
    flags: [],
  },
};

export function checkDataClass(name: string): DataClassName {
  if (!(DATA_CLASS_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown data class '${name}'. Choose one of: ${DATA_CLASS_NAMES.join(', ')}.`);
  }
  return name as DataClassName;
}

/** The flags `name` adds to the general ones (for --help and config parsing). */
export function dataClassFlags(name: string): ClassFlag[] {
  return dataClassInfo[checkDataClass(name)].flags;
}
