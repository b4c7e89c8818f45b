/**
 * Data classes by name (the lab's --data_class): a factory over a DatasetSource for each. Their
 * flags and descriptions live in dataFlags.ts, which loads no TensorFlow.js.
 */
import type { AugmentOptions } from './augment';
import {
  AUGMENT_DEFAULTS,
  AUGMENT_FLAG_OF,
  checkDataClass,
  type DataClassName,
  DEFAULT_MNIST_SPLIT_SEED,
  EMNIST_LINES_DEFAULTS,
  GLYPH_SOURCES,
  type GlyphSource,
  LINE_AUGMENT_DEFAULTS,
} from './dataFlags';
import { EMNISTDataModule } from './emnistDataModule';
import { EMNISTLinesDataModule } from './emnistLinesDataModule';
import { DEFAULT_BATCH_SIZE } from './imageDataModule';
import { MNISTDataModule } from './mnistDataModule';
import type { DataModule, DatasetSource } from './types';

/** Parsed flag values by name (an experiment config); flags a class does not read are ignored. */
export type FlagValues = Readonly<Record<string, unknown>>;

/** A data module with the batch size its flags chose (the lab's --batch_size). */
export type ConfiguredDataModule = DataModule & { readonly batchSize: number; dispose(): void };

interface FlagReader {
  bool(name: string): boolean;
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  choice<T extends string>(name: string, fallback: T, choices: readonly T[]): T;
}

const factories: Readonly<
  Record<DataClassName, (s: DatasetSource, f: FlagReader) => ConfiguredDataModule>
> = {
  MNIST: (source, flag) =>
    new MNISTDataModule(source, {
      batchSize: flag.int('batch_size', DEFAULT_BATCH_SIZE),
      splitSeed: flag.int('split_seed', DEFAULT_MNIST_SPLIT_SEED),
      augment: augmentOptions(flag),
    }),
  EMNIST: (source, flag) =>
    new EMNISTDataModule(source, {
      batchSize: flag.int('batch_size', DEFAULT_BATCH_SIZE),
      augment: augmentOptions(flag),
    }),
  EMNISTLines: (source, flag) => {
    const d = EMNIST_LINES_DEFAULTS;
    return new EMNISTLinesDataModule(source, {
      batchSize: flag.int('batch_size', DEFAULT_BATCH_SIZE),
      glyphSource: flag.choice<GlyphSource>('glyph_source', d.glyph_source, GLYPH_SOURCES),
      numTrain: flag.int('num_train', d.num_train),
      numVal: flag.int('num_val', d.num_val),
      numTest: flag.int('num_test', d.num_test),
      minOverlap: flag.float('min_overlap', d.min_overlap),
      maxOverlap: flag.float('max_overlap', d.max_overlap),
      seed: flag.int('lines_seed', d.lines_seed),
      augment: flag.bool('augment')
        ? {
            spacing: flag.int('augment_spacing', LINE_AUGMENT_DEFAULTS.augment_spacing),
            baseline: flag.int('augment_baseline', LINE_AUGMENT_DEFAULTS.augment_baseline),
          }
        : undefined,
    });
  },
};

function augmentOptions(flag: FlagReader): AugmentOptions | undefined {
  if (!flag.bool('augment')) return undefined;
  return Object.fromEntries(
    Object.entries(AUGMENT_FLAG_OF).map(([key, name]) => [
      key,
      flag.float(name, AUGMENT_DEFAULTS[name]),
    ]),
  ) as unknown as AugmentOptions;
}

function flagReader(args: FlagValues): FlagReader {
  const number = (name: string, fallback: number, integer: boolean): number => {
    const raw = args[name] ?? fallback;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const ok = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
    if (typeof value !== 'number' || !ok) {
      const kind = integer ? 'an integer' : 'a number';
      throw new Error(`--${name} must be ${kind}, got ${JSON.stringify(raw)}.`);
    }
    return value;
  };
  return {
    bool(name) {
      const raw = args[name] ?? false;
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw new Error(`--${name} takes true or false, got ${JSON.stringify(raw)}.`);
    },
    int: (name, fallback) => number(name, fallback, true),
    float: (name, fallback) => number(name, fallback, false),
    choice<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
      const raw = args[name] ?? fallback;
      if (!(choices as readonly unknown[]).includes(raw)) {
        throw new Error(
          `--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}.`,
        );
      }
      return raw as T;
    },
  };
}

/** Builds the data module called `name` over `source`, configured from flag values. */
export function createDataModule(
  name: string,
  source: DatasetSource,
  args: FlagValues = {},
): ConfiguredDataModule {
  return factories[checkDataClass(name)](source, flagReader(args));
}
