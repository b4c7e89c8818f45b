/**
 * Data classes by name (the lab's --data_class): a factory over a DatasetSource for each. Their
 * flags and descriptions live in dataFlags.ts, which loads no TensorFlow.js.
 */
import { checkDataClass, type DataClassName, DEFAULT_MNIST_SPLIT_SEED } from './dataFlags';
import { EMNISTDataModule } from './emnistDataModule';
import { DEFAULT_BATCH_SIZE, type ImageDataModule } from './imageDataModule';
import { MNISTDataModule } from './mnistDataModule';
import type { DatasetSource } from './types';

/** Parsed flag values by name (an experiment config); flags a class does not read are ignored. */
export type FlagValues = Readonly<Record<string, unknown>>;

type Factory = (
  source: DatasetSource,
  flag: (name: string, fallback: number) => number,
) => ImageDataModule;

const factories: Readonly<Record<DataClassName, Factory>> = {
  MNIST: (source, flag) =>
    new MNISTDataModule(source, {
      batchSize: flag('batch_size', DEFAULT_BATCH_SIZE),
      splitSeed: flag('split_seed', DEFAULT_MNIST_SPLIT_SEED),
    }),
  EMNIST: (source, flag) =>
    new EMNISTDataModule(source, { batchSize: flag('batch_size', DEFAULT_BATCH_SIZE) }),
};

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
  return factories[checkDataClass(name)](source, flag);
}
