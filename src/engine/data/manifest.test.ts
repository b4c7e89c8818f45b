import { describe, expect, it } from 'vitest';
import {
  type DatasetEntry,
  datasetFiles,
  emptyManifest,
  type Manifest,
  parseManifest,
  withCorpus,
  withDataset,
} from './manifest';

const info = (n: number) => ({ bytes: n, sha256: 'a'.repeat(64) });
const entry = (name: 'MNIST' | 'EMNIST', dir: string): DatasetEntry => ({
  name,
  dir,
  mapping: ['0', '1'],
  inputDims: [28, 28, 1],
  splits: {
    train: { count: 2, images: `${dir}/train-i`, labels: `${dir}/train-l` },
    test: { count: 1, images: `${dir}/test-i`, labels: `${dir}/test-l` },
  },
  source: 'test',
});
const filesOf = (e: DatasetEntry) => Object.fromEntries(datasetFiles(e).map((p) => [p, info(1)]));

function sample(): Manifest {
  const mnist = entry('MNIST', 'mnist');
  return withCorpus(
    withDataset(emptyManifest(), mnist, filesOf(mnist)),
    { name: 'Brown', file: 'b.txt', sentences: 3 },
    info(9),
  );
}

describe('parseManifest', () => {
  it('round-trips a manifest written by the build', () => {
    const manifest = sample();
    expect(parseManifest(JSON.stringify(manifest), 'm.json')).toEqual(manifest);
  });

  it('names the file, the bad field and the fix', () => {
    const bad = sample() as unknown as { datasets: { splits: { train: { count: unknown } } }[] };
    bad.datasets[0].splits.train.count = 'many';
    expect(() => parseManifest(JSON.stringify(bad), 'public/datasets/manifest.json')).toThrow(
      /public\/datasets\/manifest\.json is not a valid dataset manifest: datasets\[0\]\.splits\.train\.count must be a non-negative integer, found "many"\. Rebuild .*npm run datasets/,
    );
    expect(() => parseManifest('{', 'm.json')).toThrow(
      /m\.json is not a valid dataset manifest: it is not JSON/,
    );
    expect(() =>
      parseManifest(JSON.stringify({ ...sample(), formatVersion: 2 }), 'm.json'),
    ).toThrow(/formatVersion is 2/);
  });

  it('rejects references to unlisted files', () => {
    const manifest = sample();
    delete manifest.files['mnist/test-l'];
    expect(() => parseManifest(JSON.stringify(manifest), 'm.json')).toThrow(
      /datasets\[0\]\.splits\.test\.labels refers to "mnist\/test-l", which is not listed in files/,
    );
  });
});

describe('withDataset', () => {
  it('replaces a dataset of the same name and drops its old files', () => {
    const emnist = entry('EMNIST', 'emnist');
    const first = withDataset(sample(), emnist, filesOf(emnist));
    const moved = entry('EMNIST', 'emnist2');
    const second = withDataset(first, moved, filesOf(moved));
    expect(second.datasets.map((d) => d.name)).toEqual(['MNIST', 'EMNIST']);
    expect(Object.keys(second.files).filter((p) => p.startsWith('emnist/'))).toEqual([]);
    expect(Object.keys(second.files)).toContain('emnist2/train-i');
    expect(Object.keys(second.files)).toContain('mnist/train-i');
  });
});
