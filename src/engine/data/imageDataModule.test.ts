import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { memoryDatasets } from '../../testing/memoryDatasetSource';
import { dataClassFlags } from './dataFlags';
import { packImageDataset } from './datasetPack';
import { EMNIST_MAPPING } from './emnistMapping';
import { MANIFEST_FILE } from './manifest';
import { createDataModule } from './registry';
import type { ImageSet } from './types';

/** A set whose image i is filled with value (i % 256) and whose label is 4 + i % 62. */
function syntheticSet(count: number): ImageSet {
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) images.fill(i % 256, i * 784, (i + 1) * 784);
  return {
    images,
    labels: Uint8Array.from({ length: count }, (_, i) => 4 + (i % 62)),
    count,
    height: 28,
    width: 28,
  };
}

const emnist = () =>
  packImageDataset(
    { name: 'EMNIST', dir: 'emnist', mapping: [...EMNIST_MAPPING], source: 'synthetic' },
    { train: syntheticSet(300), val: syntheticSet(50), test: syntheticSet(40) },
  );

async function loaded(batchSize = 128) {
  const dm = createDataModule('EMNIST', await memoryDatasets([emnist()]), {
    batch_size: batchSize,
  });
  await dm.prepareData();
  await dm.setup();
  return dm;
}

describe('ImageDataModule (through EMNISTDataModule)', () => {
  it('reports config and sizes', async () => {
    const dm = await loaded();
    expect(dm.config()).toEqual({
      inputDims: [28, 28, 1],
      outputDims: [83],
      mapping: [...EMNIST_MAPPING],
    });
    expect([dm.size('train'), dm.size('val'), dm.size('test')]).toEqual([300, 50, 40]);
    expect(dm.batchSize).toBe(128);
  });

  it('yields float batches in [0, 1] with int32 labels, the last one partial', async () => {
    const dm = await loaded();
    const batches = [...dm.batches('train', { batchSize: 128 })];
    expect(batches.map((b) => b.size)).toEqual([128, 128, 44]);
    const last = batches[2];
    expect(last.x.shape).toEqual([44, 28, 28, 1]);
    expect(last.x.dtype).toBe('float32');
    expect(last.y.shape).toEqual([44]);
    expect(last.y.dtype).toBe('int32');
    const x = last.x.dataSync<'float32'>();
    // Example 256 + 43 = 299 is filled with 299 % 256 = 43.
    expect(x[43 * 784]).toBeCloseTo(43 / 255, 6);
    expect(Array.from(last.y.dataSync<'int32'>()).slice(0, 2)).toEqual([
      4 + (256 % 62),
      4 + (257 % 62),
    ]);
    for (const b of batches) {
      const values = b.x.dataSync<'float32'>();
      expect(values.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
      expect(values.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(1);
      b.x.dispose();
      b.y.dispose();
    }
  });

  it('shuffles deterministically per seed and honours limitBatches', async () => {
    const dm = await loaded();
    const labelsOf = (seed?: number) =>
      [...dm.batches('train', { batchSize: 100, shuffleSeed: seed })].flatMap((b) => {
        const y = Array.from(b.y.dataSync<'int32'>());
        b.x.dispose();
        b.y.dispose();
        return y;
      });
    const plain = labelsOf();
    expect(labelsOf(5)).toEqual(labelsOf(5));
    expect(labelsOf(5)).not.toEqual(labelsOf(6));
    expect(labelsOf(5)).not.toEqual(plain);
    expect([...labelsOf(5)].sort()).toEqual([...plain].sort());
    expect([...dm.batches('val', { batchSize: 16, limitBatches: 2 })]).toHaveLength(2);
    expect([...dm.batches('val', { batchSize: 16, limitBatches: 0 })]).toHaveLength(0);
  });

  it('gathers the same batches from a device-resident copy, and frees it on dispose', async () => {
    const dm = await loaded();
    const before = tf.memory().numTensors;
    const options = { batchSize: 64, shuffleSeed: 3, limitBatches: 4 };
    const read = (onDevice: boolean) =>
      [...dm.batches('train', { ...options, onDevice })].map((b) => {
        const values = [Array.from(b.x.dataSync()), Array.from(b.y.dataSync()), b.x.shape, b.size];
        tf.dispose([b.x, b.y]);
        return values;
      });
    const host = read(false);
    expect(read(true)).toEqual(host);
    expect(read(true)).toEqual(host);
    // The resident images and labels stay until dispose.
    expect(tf.memory().numTensors).toBe(before + 2);
    dm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns raw examples and rejects bad indices', async () => {
    const dm = await loaded();
    const { image, label } = dm.example('test', 7);
    expect(image).toHaveLength(784);
    expect(image[100]).toBe(7);
    expect(label).toBe(11);
    expect(() => dm.example('test', 40)).toThrow(
      /EMNIST test has 40 examples; index 40 is out of range/,
    );
  });

  it('fails on a checksum mismatch, telling the user to rebuild', async () => {
    const source = await memoryDatasets([emnist()]);
    const path = 'emnist/val-labels-idx1-ubyte.gz';
    const corrupt = (source.files.get(path) as Uint8Array).slice();
    corrupt[corrupt.length - 9] ^= 0xff;
    source.files.set(path, corrupt);
    await expect(createDataModule('EMNIST', source).setup()).rejects.toThrow(
      /memory:emnist\/val-labels-idx1-ubyte\.gz does not match the manifest: found SHA-256 [0-9a-f]{64}, expected SHA-256 [0-9a-f]{64}\. .*npm run datasets/,
    );
  });

  it('says how to build EMNIST when the manifest lacks it', async () => {
    const source = await memoryDatasets([]);
    await expect(createDataModule('EMNIST', source).prepareData()).rejects.toThrow(
      /EMNIST is not in the dataset manifest memory:manifest\.json\. Build it with `npm run datasets -- --emnist PATH`.*--emnist-download/,
    );
    source.files.delete(MANIFEST_FILE);
    await expect(createDataModule('MNIST', source).setup()).rejects.toThrow(
      /Could not read the dataset manifest/,
    );
  });
});

describe('registry', () => {
  it('lists class flags and rejects unknown classes and bad values', async () => {
    const augment = [
      'augment',
      'augment_rotation',
      'augment_shear',
      'augment_scale',
      'augment_translate',
      'augment_stroke',
    ];
    expect(dataClassFlags('MNIST').map((f) => f.name)).toEqual(['split_seed', ...augment]);
    expect(dataClassFlags('EMNIST').map((f) => f.name)).toEqual(augment);
    expect(() => dataClassFlags('CIFAR')).toThrow(
      /Unknown data class 'CIFAR'. Choose one of: MNIST, EMNIST/,
    );
    const source = await memoryDatasets([]);
    expect(() => createDataModule('EMNIST', source, { batch_size: 'lots' })).toThrow(
      /--batch_size must be an integer/,
    );
    expect(createDataModule('MNIST', source, { batch_size: '64' }).batchSize).toBe(64);
  });
});
