/** EMNIST built once from the shared test split into .cache/test-datasets, for tests. */
import { DEFAULT_EMNIST_SEED } from '../engine/data/emnistBuild';
import { datasetFiles } from '../engine/data/manifest';
import { ensureDefaults } from '../node/buildDefaults';
import { buildEmnist } from '../node/buildEmnist';
import { filesMatch, readOrResetManifest } from '../node/datasetStore';
import { FileDatasetSource } from '../node/fileDatasetSource';
import { log } from '../node/progress';
import { sharedEmnistDir, TEST_DATASETS_DIR } from './sharedDatasets';

/**
 * A source holding EMNIST (balanced, seed 42) built from the shared split, plus the default
 * MNIST and Brown; null without the shared split.
 */
export async function emnistTestSource(): Promise<FileDatasetSource | null> {
  const shared = sharedEmnistDir();
  if (shared === null) return null;
  const manifest = await readOrResetManifest(TEST_DATASETS_DIR, log);
  const entry = manifest.datasets.find((d) => d.name === 'EMNIST');
  const complete =
    entry?.balanced === true &&
    entry.seed === DEFAULT_EMNIST_SEED &&
    (await filesMatch(TEST_DATASETS_DIR, manifest, datasetFiles(entry), 'size'));
  if (!complete) {
    await buildEmnist(TEST_DATASETS_DIR, shared, { balance: true, seed: DEFAULT_EMNIST_SEED }, log);
  }
  // EMNISTLines also reads the Brown sentences from the same folder.
  await ensureDefaults(TEST_DATASETS_DIR, 'size', log);
  return new FileDatasetSource(TEST_DATASETS_DIR);
}
