/** MNIST digits from the built datasets: 55,000 train / 5,000 val (seeded) / 10,000 test. */
import { ImageDataModule, type ImageDataModuleOptions } from './imageDataModule';
import { splitIndices, subsetImageSet } from './imageSet';
import { loadManifest, readImageSet, requireDataset } from './manifestSource';
import type { DatasetSource, ImageSet, Split } from './types';

export const MNIST_MAPPING: readonly string[] = Object.freeze(
  Array.from({ length: 10 }, (_, i) => String(i)),
);
/** The lab holds out 5,000 of the 60,000 training digits for validation, with seed 42. */
export const MNIST_VAL_SIZE = 5000;

import { DEFAULT_MNIST_SPLIT_SEED } from './dataFlags';

export interface MNISTOptions extends ImageDataModuleOptions {
  /** Seed of the train/validation split of the 60,000 training digits. */
  splitSeed?: number;
}

const HOW_TO_BUILD = 'Build it with `npm run datasets`.';

export class MNISTDataModule extends ImageDataModule {
  readonly name = 'MNIST';
  private readonly splitSeed: number;

  constructor(
    private readonly source: DatasetSource,
    options: MNISTOptions = {},
  ) {
    super(MNIST_MAPPING, options);
    this.splitSeed = options.splitSeed ?? DEFAULT_MNIST_SPLIT_SEED;
  }

  override async prepareData(): Promise<void> {
    requireDataset(await loadManifest(this.source), 'MNIST', this.source, HOW_TO_BUILD);
  }

  protected async load(): Promise<Record<Split, ImageSet>> {
    const manifest = await loadManifest(this.source);
    const entry = requireDataset(manifest, 'MNIST', this.source, HOW_TO_BUILD);
    const trainVal = await readImageSet(this.source, manifest, entry, entry.splits.train);
    const test = await readImageSet(this.source, manifest, entry, entry.splits.test);
    const [train, val] = splitIndices(
      trainVal.count,
      [trainVal.count - MNIST_VAL_SIZE],
      this.splitSeed,
    );
    return { train: subsetImageSet(trainVal, train), val: subsetImageSet(trainVal, val), test };
  }
}
