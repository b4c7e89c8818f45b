/** EMNIST ByClass characters with the lab's 83-token mapping, from the built datasets. */
import { EMNIST_MAPPING } from './emnistMapping';
import { ImageDataModule, type ImageDataModuleOptions } from './imageDataModule';
import { loadManifest, readImageSet, requireDataset } from './manifestSource';
import type { DatasetSource, ImageSet, Split } from './types';

const HOW_TO_BUILD =
  'Build it with `npm run datasets -- --emnist PATH` (NIST gzip.zip or a folder with its ' +
  'emnist-byclass-*-ubyte.gz files) or `npm run datasets -- --emnist-download`.';

export class EMNISTDataModule extends ImageDataModule {
  readonly name = 'EMNIST';

  constructor(
    private readonly source: DatasetSource,
    options: ImageDataModuleOptions = {},
  ) {
    super(EMNIST_MAPPING, options);
  }

  override async prepareData(): Promise<void> {
    requireDataset(await loadManifest(this.source), 'EMNIST', this.source, HOW_TO_BUILD);
  }

  protected async load(): Promise<Record<Split, ImageSet>> {
    const manifest = await loadManifest(this.source);
    const entry = requireDataset(manifest, 'EMNIST', this.source, HOW_TO_BUILD);
    const { train, val, test } = entry.splits;
    if (!val)
      throw new Error(`The EMNIST entry of the dataset manifest has no val split. ${HOW_TO_BUILD}`);
    return {
      train: await readImageSet(this.source, manifest, entry, train),
      val: await readImageSet(this.source, manifest, entry, val),
      test: await readImageSet(this.source, manifest, entry, test),
    };
  }
}
