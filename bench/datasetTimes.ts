import { existsSync } from 'node:fs';
import { DEFAULT_EMNIST_SEED } from '../src/engine/data/emnistBuild';
import { createDataModule } from '../src/engine/data/registry';
import type { DataModule } from '../src/engine/data/types';
import { buildBrown, buildMnist } from '../src/node/buildDefaults';
import { buildEmnist } from '../src/node/buildEmnist';
import { FileDatasetSource } from '../src/node/fileDatasetSource';
import { SHARED_EMNIST_DIR } from '../src/testing/sharedDatasets';
import { seconds } from './timing';

/**
 * Builds the datasets into a scratch folder and loads them back (sha256 checked, split), timing
 * each. Returns EMNIST for the training measurements when the shared split exists, else MNIST.
 */
export async function measureDatasetTimes(dir: string, log: (line: string) => void) {
  const quiet = () => {};
  const source = new FileDatasetSource(dir);
  const times: Record<string, number | string> = {
    dataset_build_mnist_s: await seconds(() => buildMnist(dir, quiet)),
    dataset_build_brown_s: await seconds(() => buildBrown(dir, quiet)),
  };
  const mnist = createDataModule('MNIST', source);
  times.dataset_load_mnist_s = await seconds(async () => {
    await mnist.prepareData();
    await mnist.setup();
  });
  let trainingData: DataModule = mnist;
  if (existsSync(SHARED_EMNIST_DIR)) {
    log('building EMNIST from the shared test split');
    times.dataset_build_emnist_s = await seconds(() =>
      buildEmnist(dir, SHARED_EMNIST_DIR, { balance: true, seed: DEFAULT_EMNIST_SEED }, quiet),
    );
    const emnist = createDataModule('EMNIST', source);
    times.dataset_load_emnist_s = await seconds(async () => {
      await emnist.prepareData();
      await emnist.setup();
    });
    trainingData = emnist;
  } else {
    times.dataset_build_emnist_s = 'skipped: shared EMNIST split not found';
  }
  return { times, trainingData };
}
