/**
 * Data classes by name (the lab's --data_class), each with the flags it adds to the general
 * ones (for --help and the studio's form) and a factory over a DatasetSource.
 */
import type { ClassFlag } from '../flagSpec';
import { EMNISTDataModule } from './emnistDataModule';
import { DEFAULT_BATCH_SIZE, type ImageDataModule } from './imageDataModule';
import { DEFAULT_MNIST_SPLIT_SEED, MNISTDataModule } from './mnistDataModule';
import type { DatasetSource } from './types';

export const DATA_CLASS_NAMES = ['MNIST', 'EMNIST'] as const;
export type DataClassName = (typeof DATA_CLASS_NAMES)[number];

/** Parsed flag values by name (an experiment config); flags a class does not read are ignored. */
export type FlagValues = Readonly<Record<string, unknown>>;

interface DataClass {
  description: string;
  /** The class's own flags; batch_size is a general flag every class reads. */
  flags: ClassFlag[];
  create(source: DatasetSource, flags: (name: string, fallback: number) => number): ImageDataModule;
}

export const dataClasses: Readonly<Record<DataClassName, DataClass>> = {
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
    create: (source, flag) =>
      new MNISTDataModule(source, {
        batchSize: flag('batch_size', DEFAULT_BATCH_SIZE),
        splitSeed: flag('split_seed', DEFAULT_MNIST_SPLIT_SEED),
      }),
  },
  EMNIST: {
    description:
      'EMNIST ByClass characters, 28x28, 83-token mapping. Splits, balancing and their seed are ' +
      'fixed when the dataset is built (npm run datasets -- --emnist PATH [--no-balance] [--seed N]).',
    flags: [],
    create: (source, flag) =>
      new EMNISTDataModule(source, { batchSize: flag('batch_size', DEFAULT_BATCH_SIZE) }),
  },
};

export function dataClass(name: string): DataClass {
  if (!(DATA_CLASS_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown data class '${name}'. Choose one of: ${DATA_CLASS_NAMES.join(', ')}.`);
  }
  return dataClasses[name as DataClassName];
}

/** The flags `name` adds to the general ones (for --help and config parsing). */
export function dataClassFlags(name: string): ClassFlag[] {
  return dataClass(name).flags;
}

/** Builds the data module called `name` over `source`, configured from flag values. */
export function createDataModule(
  name: string,
  source: DatasetSource,
  args: FlagValues = {},
): ImageDataModule {
  const flag = (flagName: string, fallback: number): number => {
    const raw = args[flagName] ?? fallback;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new Error(`--${flagName} must be an integer, got ${JSON.stringify(raw)}.`);
    }
    return value;
  };
  return dataClass(name).create(source, flag);
}
